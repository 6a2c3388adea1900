package dev.featherman.operator.jobs;

import dev.featherman.api.Labels;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.worker.OperationResult;
import dev.featherman.workloads.CatalogStorage;
import dev.featherman.workloads.WorkerJob;
import dev.featherman.workloads.WorkerJobSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * Runs worker operations as Jobs and reads their outcome from the pod's termination message. A
 * Job's name hashes the owner, its generation and the operation, so a repeat finds the same Job
 * (restart-safe, nothing runs twice) and a spec change starts a new one.
 */
public class OperationJobs {
  /** Where a Job stands. */
  public enum State {
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Another Job holds the file catalog (one process at a time); try again shortly. */
    WAITING
  }

  /**
   * A Job's state and, once finished, the worker's result ({@link OperationResult#none()} if none).
   */
  public record Outcome(State state, String jobName, OperationResult result) {
    /** The worker's failure reason, e.g. InvalidSpec, or ExecutionFailed when it left none. */
    public String reason() {
      return result.reason() != null ? result.reason() : "ExecutionFailed";
    }

    /** The worker's failure message, or where to look when it left none. */
    public String message() {
      return result.message() != null
          ? result.message()
          : "Job " + jobName + " failed without a result; see its pod's log";
    }
  }

  private final KubernetesClient client;
  private final WorkerJobSettings settings;

  public OperationJobs(KubernetesClient client, WorkerJobSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /** Jobs with a service's configured image, account and limits, and default resources. */
  public static OperationJobs configured(KubernetesClient client, WorkerJobProperties p) {
    return new OperationJobs(
        client,
        WorkerJobSettings.withDefaultResources(
            p.workerImage(),
            p.workerImagePullPolicy(),
            p.jobBackoffLimit(),
            p.jobTtl(),
            p.jobDeadline(),
            p.workerServiceAccount()));
  }

  /** Starts the operation's Job unless it exists, and reports where it stands. */
  public Outcome run(
      DuckLakeCatalog catalog, HasMetadata owner, String purpose, String operationJson) {
    return run(catalog, owner, owner, purpose, operationJson);
  }

  /**
   * Like {@link #run(DuckLakeCatalog, HasMetadata, String, String)}, with the Job named after
   * {@code subject} but owned by {@code owner} (a table being deleted cannot own its drop Job).
   */
  public Outcome run(
      DuckLakeCatalog catalog,
      HasMetadata subject,
      HasMetadata owner,
      String purpose,
      String operationJson) {
    String name = jobName(subject, purpose, operationJson);
    String namespace = catalog.getMetadata().getNamespace();
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    if (job == null) {
      if (CatalogStorage.usesVolume(catalog) && anotherJobActive(catalog, name)) {
        return new Outcome(State.WAITING, name, OperationResult.none());
      }
      client.resource(WorkerJob.desired(catalog, owner, name, operationJson, settings)).create();
      return new Outcome(State.RUNNING, name, OperationResult.none());
    }
    if (job.getStatus() != null
        && job.getStatus().getSucceeded() != null
        && job.getStatus().getSucceeded() > 0) {
      return new Outcome(State.SUCCEEDED, name, result(namespace, name));
    }
    boolean failed =
        job.getStatus() != null
            && job.getStatus().getConditions() != null
            && job.getStatus().getConditions().stream()
                .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
    return failed
        ? new Outcome(State.FAILED, name, result(namespace, name))
        : new Outcome(State.RUNNING, name, OperationResult.none());
  }

  /** Deletes a finished Job so that the next reconcile runs the operation again. */
  public void retry(String namespace, String jobName) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withName(jobName)
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
  }

  private boolean anotherJobActive(DuckLakeCatalog catalog, String except) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(catalog.getMetadata().getNamespace())
        .withLabel(Labels.CATALOG, catalog.getMetadata().getName())
        .withLabel(Labels.COMPONENT, WorkerJob.COMPONENT)
        .list()
        .getItems()
        .stream()
        .filter(j -> !j.getMetadata().getName().equals(except))
        .anyMatch(
            j ->
                j.getStatus() == null
                    || j.getStatus().getCompletionTime() == null
                        && (j.getStatus().getConditions() == null
                            || j.getStatus().getConditions().isEmpty()));
  }

  private OperationResult result(String namespace, String jobName) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel("job-name", jobName)
        .list()
        .getItems()
        .stream()
        .filter(p -> terminationMessage(p) != null)
        // The last attempt: timestamps have one-second resolution, so finish time decides first.
        .max(
            Comparator.comparing(OperationJobs::finishedAt)
                .thenComparing(
                    p ->
                        p.getMetadata().getCreationTimestamp() == null
                            ? ""
                            : p.getMetadata().getCreationTimestamp()))
        .map(OperationJobs::terminationMessage)
        .map(OperationResult::parse)
        .orElse(OperationResult.none());
  }

  private static String finishedAt(Pod pod) {
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> s.getState() != null && s.getState().getTerminated() != null)
        .map(s -> s.getState().getTerminated().getFinishedAt())
        .filter(java.util.Objects::nonNull)
        .max(Comparator.naturalOrder())
        .orElse("");
  }

  private static String terminationMessage(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> s.getState() != null && s.getState().getTerminated() != null)
        .map(s -> s.getState().getTerminated().getMessage())
        .filter(m -> m != null && !m.isBlank())
        .findFirst()
        .orElse(null);
  }

  /** {@code <owner>-<purpose>-<hash>} within the 63 characters a Job name may have as a label. */
  static String jobName(HasMetadata owner, String purpose, String operationJson) {
    String hash =
        sha256(
                owner.getMetadata().getUid()
                    + "/"
                    + owner.getMetadata().getGeneration()
                    + "/"
                    + operationJson)
            .substring(0, 10);
    String suffix = "-" + purpose + "-" + hash;
    String base = owner.getMetadata().getName();
    if (base.length() + suffix.length() > 63) {
      // A cut may end in '.' or '-', which would make an invalid name next to the suffix.
      base = base.substring(0, 63 - suffix.length()).replaceAll("[.-]+$", "");
    }
    return base + suffix;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
