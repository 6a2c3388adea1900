package dev.featherman.gateway.cluster;

import dev.featherman.api.Annotations;
import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.Labels;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.workloads.WorkerPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the gateway knows about the cluster, from informers (watches, so no API call per query):
 * catalogs, pools, and the Ready worker pods of each catalog's pool. Kubernetes is the only state:
 * a restarted replica knows everything again once its informers have synced.
 */
public final class WorkerDirectory implements AutoCloseable {
  /**
   * A Ready worker's address, the uid of the pool that controls it (null for a Job's worker), and
   * the fingerprint of the token it was started with (null when its pod does not say).
   */
  public record Worker(String pod, String host, int port, String poolUid, String tokenFingerprint) {
    public Worker(String pod, String host, int port) {
      this(pod, host, port, null, null);
    }
  }

  private final List<SharedIndexInformer<DuckLakeCatalog>> catalogs = new ArrayList<>();
  private final List<SharedIndexInformer<DuckLakePool>> pools = new ArrayList<>();
  private final List<SharedIndexInformer<Pod>> pods = new ArrayList<>();
  private final List<String> namespaces;
  private final String defaultNamespace;
  private final int defaultPort;

  /**
   * @param namespaces the namespaces whose catalogs this gateway serves
   * @param defaultNamespace where a catalog named without a namespace lives
   */
  public WorkerDirectory(
      KubernetesClient client, List<String> namespaces, String defaultNamespace, int defaultPort) {
    this.namespaces = List.copyOf(namespaces);
    this.defaultNamespace = defaultNamespace;
    this.defaultPort = defaultPort;
    for (String namespace : this.namespaces) {
      catalogs.add(client.resources(DuckLakeCatalog.class).inNamespace(namespace).inform());
      pools.add(client.resources(DuckLakePool.class).inNamespace(namespace).inform());
      pods.add(
          client
              .pods()
              .inNamespace(namespace)
              .withLabel(Labels.COMPONENT, WorkerPod.COMPONENT)
              .inform());
    }
  }

  /** The namespaces served. */
  public List<String> namespaces() {
    return namespaces;
  }

  /** Where {@code catalog} (as a client names it) lives. */
  public CatalogAddress address(String catalog) {
    return CatalogAddress.parse(catalog, defaultNamespace);
  }

  private static <T> Stream<T> all(List<SharedIndexInformer<T>> informers) {
    return informers.stream().flatMap(i -> i.getStore().list().stream());
  }

  /** The catalog a client names ({@code name} or {@code namespace/name}), if it exists here. */
  public Optional<DuckLakeCatalog> catalog(String catalog) {
    CatalogAddress at = address(catalog);
    return all(catalogs)
        .filter(c -> c.getMetadata().getNamespace().equals(at.namespace()))
        .filter(c -> c.getMetadata().getName().equals(at.name()))
        .findFirst();
  }

  /** Every catalog served, as clients name them. */
  public java.util.Set<String> catalogNames() {
    return all(catalogs)
        .map(
            c ->
                new CatalogAddress(c.getMetadata().getNamespace(), c.getMetadata().getName())
                    .text(defaultNamespace))
        .collect(java.util.stream.Collectors.toSet());
  }

  /** The pool serving {@code catalog}: a Ready one first, then any, by name. */
  public Optional<DuckLakePool> pool(String catalog) {
    CatalogAddress at = address(catalog);
    return all(pools)
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> p.getMetadata().getNamespace().equals(at.namespace()))
        .filter(p -> p.getSpec().getCatalogRef().getName().equals(at.name()))
        .min(
            Comparator.comparing((DuckLakePool p) -> !ready(p))
                .thenComparing(p -> p.getMetadata().getName()));
  }

  /** Whether the pool reports Ready. */
  public static boolean ready(DuckLakePool pool) {
    return pool.getStatus() != null && Conditions.isTrue(pool.getStatus(), ConditionTypes.READY);
  }

  /** Whether the pool gave its worker up for a catalog Job (DuckDB-file catalogs). */
  public static boolean paused(DuckLakePool pool) {
    return notReadyBecause(pool, ConditionReasons.PAUSED_FOR_CATALOG_JOB);
  }

  /**
   * Whether the pool is not Ready only for now: paused for a catalog Job, or its workers are
   * starting.
   */
  public static boolean comingBack(DuckLakePool pool) {
    return paused(pool) || notReadyBecause(pool, ConditionReasons.WORKERS_STARTING);
  }

  private static boolean notReadyBecause(DuckLakePool pool, String reason) {
    return pool.getStatus() != null
        && Conditions.find(pool.getStatus(), ConditionTypes.READY)
            .filter(c -> "False".equals(c.getStatus()) && reason.equals(c.getReason()))
            .isPresent();
  }

  /** Ready, running workers of every pool (pods a pool controls, not just labelled ones). */
  public List<Worker> allWorkers() {
    java.util.Set<String> poolUids =
        all(pools).map(p -> p.getMetadata().getUid()).collect(java.util.stream.Collectors.toSet());
    return all(pods)
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> poolUids.contains(WorkerPod.controllerUid(p)))
        .filter(WorkerPod::ready)
        .map(this::worker)
        .toList();
  }

  /** Ready, running workers of {@code pool}: pods it controls, never a pod that copied labels. */
  public List<Worker> workers(DuckLakePool pool) {
    return all(pods)
        .filter(
            p -> pool.getMetadata().getName().equals(p.getMetadata().getLabels().get(Labels.POOL)))
        .filter(p -> WorkerPod.isOwnedBy(p, pool))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(WorkerPod::ready)
        .map(this::worker)
        .toList();
  }

  private Worker worker(Pod p) {
    return new Worker(
        p.getMetadata().getName(),
        p.getStatus().getPodIP(),
        WorkerPod.port(p, defaultPort),
        WorkerPod.controllerUid(p),
        p.getMetadata().getAnnotations() == null
            ? null
            : p.getMetadata().getAnnotations().get(Annotations.WORKER_TOKEN_FINGERPRINT));
  }

  /** Any worker pod of {@code pool}, Ready or not (a DuckDB-file catalog's lock holder). */
  public boolean hasAnyWorker(DuckLakePool pool) {
    return all(pods)
        .anyMatch(
            p ->
                pool.getMetadata().getName().equals(p.getMetadata().getLabels().get(Labels.POOL))
                    && WorkerPod.isOwnedBy(p, pool));
  }

  @Override
  public void close() {
    catalogs.forEach(SharedIndexInformer::close);
    pools.forEach(SharedIndexInformer::close);
    pods.forEach(SharedIndexInformer::close);
  }
}
