package dev.featherman.workloads;

import dev.featherman.api.Labels;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.v1alpha1.DuckLakePoolSpec;
import dev.featherman.api.v1alpha1.PoolTemplate;
import dev.featherman.api.worker.WorkerEnv;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A warm worker pod of a DuckLakePool: the worker image in {@code serve} mode with the pool's
 * catalog attached, shaped by spec.template (image, resources, nodeSelector, tolerations, affinity,
 * securityContext), owned by the pool, labelled for discovery by the gateway, ready once the
 * catalog is attached.
 */
public final class WorkerPod {
  /** Component label value of pool workers. */
  public static final String COMPONENT = "worker";

  /** Name of the worker API's container port; the gateway connects to it. */
  public static final String PORT_NAME = "worker";

  /** Key of the worker token in the pool's token Secret. */
  public static final String TOKEN_KEY = "token";

  /** Seconds a terminating worker gives its running queries (the gateway's default timeout). */
  static final int SHUTDOWN_GRACE_SECONDS = 60;

  /** Key of the token before the last rotation, kept while workers started with it drain. */
  public static final String PREVIOUS_TOKEN_KEY = "previous-token";

  private WorkerPod() {}

  /** The Secret holding the token the pool's workers accept (owned by the pool). */
  public static String tokenSecretName(DuckLakePool pool) {
    return pool.getMetadata().getName() + "-worker-token";
  }

  /**
   * The pool's token Secret: {@code token} for new workers and, after a rotation, {@code previous}
   * (null: none) for the ones started before it.
   */
  public static Secret tokenSecret(DuckLakePool pool, String token, String previous) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(TOKEN_KEY, token);
    if (previous != null) {
      data.put(PREVIOUS_TOKEN_KEY, previous);
    }
    return new SecretBuilder()
        .withNewMetadata()
        .withName(tokenSecretName(pool))
        .withNamespace(pool.getMetadata().getNamespace())
        .withLabels(labels(pool))
        .withOwnerReferences(Metadata.ownedBy(pool))
        .endMetadata()
        .withType("Opaque")
        .withStringData(data)
        .build();
  }

  /**
   * The pool's PodDisruptionBudget: node drains and other voluntary evictions take its workers one
   * at a time (each finishes its queries on SIGTERM and the pool replaces it), never all at once.
   */
  public static PodDisruptionBudget disruptionBudget(DuckLakePool pool) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(guardMetadata(pool))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .addToMatchLabels(Labels.COMPONENT, COMPONENT)
        .addToMatchLabels(Labels.POOL, pool.getMetadata().getName())
        .endSelector()
        .endSpec()
        .build();
  }

  /**
   * The pool's NetworkPolicy: its workers take connections only from the pods named {@code callers}
   * (values of {@code app.kubernetes.io/name}: the gateway and the pool-service) in {@code
   * callersNamespace}, on the worker port. The worker token is the second lock; this one keeps
   * every other pod of the cluster from even reaching the worker API.
   */
  public static NetworkPolicy networkPolicy(
      DuckLakePool pool, String callersNamespace, List<String> callers, int port) {
    return new NetworkPolicyBuilder()
        .withMetadata(guardMetadata(pool))
        .withNewSpec()
        .withNewPodSelector()
        .addToMatchLabels(Labels.COMPONENT, COMPONENT)
        .addToMatchLabels(Labels.POOL, pool.getMetadata().getName())
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .addNewFrom()
        .withNewNamespaceSelector()
        .addToMatchLabels("kubernetes.io/metadata.name", callersNamespace)
        .endNamespaceSelector()
        .withNewPodSelector()
        .addNewMatchExpression()
        .withKey("app.kubernetes.io/name")
        .withOperator("In")
        .withValues(callers)
        .endMatchExpression()
        .endPodSelector()
        .endFrom()
        .addNewPort()
        .withProtocol("TCP")
        .withPort(new IntOrString(port))
        .endPort()
        .endIngress()
        .endSpec()
        .build();
  }

  /** Name, labels and owner of the objects that guard a pool's workers (PDB, NetworkPolicy). */
  private static ObjectMeta guardMetadata(DuckLakePool pool) {
    return new ObjectMetaBuilder()
        .withName(pool.getMetadata().getName() + "-workers")
        .withNamespace(pool.getMetadata().getNamespace())
        .withLabels(labels(pool))
        .withOwnerReferences(Metadata.ownedBy(pool))
        .build();
  }

  /** Labels of every worker pod of {@code pool} (the gateway selects on component + catalog). */
  public static Map<String, String> labels(DuckLakePool pool) {
    Map<String, String> labels =
        Metadata.labels(COMPONENT, pool.getSpec().getCatalogRef().getName());
    labels.put(Labels.POOL, pool.getMetadata().getName());
    return labels;
  }

  /** The desired worker pod named {@code name}. */
  public static Pod desired(
      DuckLakePool pool, DuckLakeCatalog catalog, String name, WorkerPodSettings settings) {
    DuckLakePoolSpec spec = pool.getSpec();
    PoolTemplate template = spec.getTemplate() == null ? new PoolTemplate() : spec.getTemplate();
    boolean readOnly = Boolean.TRUE.equals(spec.getCatalogRef().getReadOnly());
    ResourceRequirements resources =
        template.getResources() != null ? template.getResources() : settings.resources();
    int concurrency = spec.resolvedConcurrencyPerWorker();

    List<EnvVar> env = new ArrayList<>(WorkerEnvironment.forCatalog(catalog));
    env.add(
        new EnvVarBuilder()
            .withName(WorkerEnv.WORKER_TOKEN)
            .withNewValueFrom()
            .withNewSecretKeyRef(TOKEN_KEY, tokenSecretName(pool), false)
            .endValueFrom()
            .build());
    env.add(
        new EnvVarBuilder()
            .withName(WorkerEnv.WORKER_NAME)
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .build());
    env.add(WorkerEnvironment.plain(WorkerEnv.WORKER_PORT, String.valueOf(settings.port())));
    env.add(WorkerEnvironment.plain(WorkerEnv.WORKER_CONCURRENCY, String.valueOf(concurrency)));
    env.add(
        WorkerEnvironment.plain(
            WorkerEnv.WORKER_SHUTDOWN_GRACE_SECONDS, String.valueOf(SHUTDOWN_GRACE_SECONDS)));
    env.add(WorkerEnvironment.plain(WorkerEnv.READ_ONLY, String.valueOf(readOnly)));
    env.add(WorkerEnvironment.plain(WorkerEnv.TEMP_DIRECTORY, WorkerPodParts.SCRATCH));
    env.add(
        WorkerEnvironment.plain("FEATHERMAN_DUCKDB_EXTENSION_DIR", WorkerPodParts.EXTENSION_DIR));
    String memoryLimit = duckDbMemoryLimit(resources);
    if (memoryLimit != null) {
      env.add(WorkerEnvironment.plain(WorkerEnv.MEMORY_LIMIT, memoryLimit));
    }

    Container worker =
        new ContainerBuilder()
            .withName("worker")
            .withImage(template.getImage() != null ? template.getImage() : settings.image())
            .withImagePullPolicy(
                template.getImagePullPolicy() != null
                    ? template.getImagePullPolicy()
                    : settings.imagePullPolicy())
            .withArgs("serve")
            .withEnv(env)
            .addNewPort()
            .withName(PORT_NAME)
            .withContainerPort(settings.port())
            .withProtocol("TCP")
            .endPort()
            .withReadinessProbe(probe(1, 3))
            .withLivenessProbe(probe(10, 6))
            .withVolumeMounts(WorkerPodParts.mounts(catalog, readOnly))
            .withResources(resources)
            .withSecurityContext(WorkerPodParts.containerSecurity())
            .build();
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(pool.getMetadata().getNamespace())
        .withLabels(labels(pool))
        .withOwnerReferences(Metadata.ownedBy(pool))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never") // a crashed worker is replaced, not restarted in place
        // On SIGTERM (eviction, node drain) the worker refuses new queries and gives running ones
        // SHUTDOWN_GRACE_SECONDS; Kubernetes waits a little longer before it kills the process.
        .withTerminationGracePeriodSeconds(SHUTDOWN_GRACE_SECONDS + 5L)
        .withServiceAccountName(settings.serviceAccountName())
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(WorkerPodParts.podSecurity(template.getSecurityContext()))
        .withNodeSelector(template.getNodeSelector().isEmpty() ? null : template.getNodeSelector())
        .withTolerations(template.getTolerations())
        .withAffinity(affinity(pool, catalog, template.getAffinity()))
        .withContainers(worker)
        .withVolumes(WorkerPodParts.volumes(catalog, readOnly))
        .endSpec()
        .build();
  }

  /**
   * The template's affinity, plus, for a catalog on a ReadWriteOnce volume, that the pool's workers
   * run on one node: the only way several of them can mount it. The first worker matches its own
   * term, so it may go anywhere and the rest follow it.
   */
  static Affinity affinity(DuckLakePool pool, DuckLakeCatalog catalog, Affinity template) {
    if (!CatalogStorage.usesVolume(catalog)) {
      return template;
    }
    PodAffinityTerm together =
        new PodAffinityTermBuilder()
            .withNewLabelSelector()
            .addToMatchLabels(Labels.POOL, pool.getMetadata().getName())
            .endLabelSelector()
            .withTopologyKey("kubernetes.io/hostname")
            .build();
    AffinityBuilder affinity =
        template == null ? new AffinityBuilder() : new AffinityBuilder(template);
    if (affinity.buildPodAffinity() == null) {
      affinity.withNewPodAffinity().endPodAffinity();
    }
    return affinity
        .editPodAffinity()
        .addToRequiredDuringSchedulingIgnoredDuringExecution(together)
        .endPodAffinity()
        .build();
  }

  /** Whether a worker pod can take queries: Running, with an IP, and Ready (catalog attached). */
  public static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getPodIP() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * Whether {@code pod} is controlled by {@code pool} (an owner reference with the pool's uid), not
   * merely labelled as its worker: anyone who may create pods can copy labels, and a worker is sent
   * the worker token and queries.
   */
  public static boolean isOwnedBy(Pod pod, io.fabric8.kubernetes.api.model.HasMetadata pool) {
    String uid = pool.getMetadata().getUid();
    return uid != null && uid.equals(controllerUid(pod));
  }

  /** The uid of the object that controls {@code pod} (its controller owner reference), or null. */
  public static String controllerUid(Pod pod) {
    return pod.getMetadata().getOwnerReferences() == null
        ? null
        : pod.getMetadata().getOwnerReferences().stream()
            .filter(r -> Boolean.TRUE.equals(r.getController()))
            .map(r -> r.getUid())
            .findFirst()
            .orElse(null);
  }

  /** The port the worker API listens on, from the pod's container port named "worker". */
  public static int port(Pod pod, int fallback) {
    return pod.getSpec().getContainers().stream()
        .flatMap(
            c -> c.getPorts() == null ? java.util.stream.Stream.empty() : c.getPorts().stream())
        .filter(p -> PORT_NAME.equals(p.getName()))
        .map(p -> p.getContainerPort())
        .findFirst()
        .orElse(fallback);
  }

  private static Probe probe(int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/healthz")
        .withPort(new IntOrString(PORT_NAME))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  /** DuckDB's memory_limit: 75% of the container's memory limit, leaving room for the JVM. */
  static String duckDbMemoryLimit(ResourceRequirements resources) {
    if (resources == null || resources.getLimits() == null) {
      return null;
    }
    Quantity memory = resources.getLimits().get("memory");
    if (memory == null) {
      return null;
    }
    long bytes = memory.getNumericalAmount().longValue();
    return Math.max(64, bytes * 3 / 4 / (1024 * 1024)) + "MB";
  }
}
