package dev.featherman.gateway.cluster;

import dev.featherman.api.Labels;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.worker.WorkerToken;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.engine.query.QueryException;
import dev.featherman.gateway.api.GatewayException;
import dev.featherman.workloads.QueryJob;
import dev.featherman.workloads.WorkerPod;
import dev.featherman.workloads.WorkerPodSettings;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * Runs a query where no pool is Ready: a one-shot worker Job (cold start: image, JVM, DuckDB,
 * ATTACH) with a token of its own in its own Secret, reached like any worker once Ready, deleted
 * afterwards. The token is derived from the worker token and the Job's name, so every replica can
 * reach every replica's Job workers (to cancel a query) without reading Secrets.
 */
final class JobFallback {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String JOB_NAME_LABEL = "job-name";

  private final KubernetesClient client;
  private final List<String> namespaces;
  private final WorkerPodSettings settings;
  private final Duration startTimeout;
  private final WorkerToken workerToken;

  JobFallback(
      KubernetesClient client,
      List<String> namespaces,
      WorkerPodSettings settings,
      Duration startTimeout,
      WorkerToken workerToken) {
    this.client = client;
    this.namespaces = List.copyOf(namespaces);
    this.settings = settings;
    this.startTimeout = startTimeout;
    this.workerToken = workerToken;
  }

  /** A started Job and how to reach its worker. */
  record Started(Job job, WorkerDirectory.Worker worker, String token) {}

  /** A Ready Job worker of some replica, with the tokens it may accept (current, previous). */
  record Running(WorkerDirectory.Worker worker, List<String> tokens) {}

  /**
   * Creates the Job and waits for its worker; the caller must {@link #delete} it. A query cancelled
   * meanwhile ends the wait (and the Job).
   */
  Started start(DuckLakeCatalog catalog, QueryControl control) {
    String name = jobName(catalog.getMetadata().getName());
    String token = workerToken.derived(name);
    Job job = client.resource(QueryJob.desired(catalog, name, settings)).create();
    try {
      client.resource(QueryJob.tokenSecret(job, token)).create();
      long deadline = System.nanoTime() + startTimeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (control.isStopped()) {
          throw new QueryException(control.stoppedReason(), "the query was cancelled");
        }
        Optional<Pod> ready =
            client
                .pods()
                .inNamespace(catalog.getMetadata().getNamespace())
                .withLabel(JOB_NAME_LABEL, name)
                .list()
                .getItems()
                .stream()
                .filter(WorkerPod::ready)
                .findFirst();
        if (ready.isPresent()) {
          return new Started(job, worker(ready.get()), token);
        }
        Thread.sleep(100);
      }
      delete(job);
      throw new GatewayException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "catalog '"
              + catalog.getMetadata().getName()
              + "' has no Ready pool and its fallback Job did not start within "
              + startTimeout.toSeconds()
              + "s; create a DuckLakePool for it or check the Job's events");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      delete(job);
      throw new GatewayException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted");
    } catch (RuntimeException e) {
      if (!(e instanceof GatewayException)) { // those deleted it already
        delete(job);
      }
      throw e;
    }
  }

  /** The Ready workers of every replica's fallback Jobs (one list call per namespace served). */
  List<Running> running() {
    return namespaces.stream()
        .flatMap(
            namespace ->
                client
                    .pods()
                    .inNamespace(namespace)
                    .withLabel(Labels.COMPONENT, QueryJob.COMPONENT)
                    .list()
                    .getItems()
                    .stream())
        .filter(WorkerPod::ready)
        .filter(p -> p.getMetadata().getLabels().get(JOB_NAME_LABEL) != null)
        .map(
            p ->
                new Running(
                    worker(p),
                    workerToken.derivedCandidates(p.getMetadata().getLabels().get(JOB_NAME_LABEL))))
        .toList();
  }

  private WorkerDirectory.Worker worker(Pod pod) {
    return new WorkerDirectory.Worker(
        pod.getMetadata().getName(),
        pod.getStatus().getPodIP(),
        WorkerPod.port(pod, settings.port()));
  }

  void delete(Job job) {
    try {
      client.resource(job).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    } catch (RuntimeException ignored) {
      // ttlSecondsAfterFinished collects it anyway
    }
  }

  private static String jobName(String catalog) {
    String prefix = catalog.length() > 40 ? catalog.substring(0, 40) : catalog;
    while (prefix.endsWith("-") || prefix.endsWith(".")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    byte[] suffix = new byte[4];
    RANDOM.nextBytes(suffix);
    return prefix + "-query-" + HexFormat.of().formatHex(suffix);
  }
}
