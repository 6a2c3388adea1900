package dev.featherman.workloads;

import io.fabric8.kubernetes.api.model.ResourceRequirements;

/**
 * Operator-wide settings for one-shot worker Jobs (from the controller's configuration).
 *
 * @param image the worker image (with the DuckDB extensions baked in)
 * @param imagePullPolicy Always, IfNotPresent or Never
 * @param resources requests and limits of the worker container
 * @param backoffLimit retries for retryable failures (exit code UNAVAILABLE, crashes)
 * @param ttlSecondsAfterFinished how long finished Jobs stay for inspection
 * @param activeDeadlineSeconds hard limit on a Job's run time
 * @param serviceAccountName service account of the Job's pod (needs no API access)
 */
public record WorkerJobSettings(
    String image,
    String imagePullPolicy,
    ResourceRequirements resources,
    int backoffLimit,
    int ttlSecondsAfterFinished,
    long activeDeadlineSeconds,
    String serviceAccountName) {
  /** Settings with the default resources of a one-shot worker (250m/512Mi, at most 2Gi). */
  public static WorkerJobSettings withDefaultResources(
      String image,
      String imagePullPolicy,
      int backoffLimit,
      java.time.Duration ttl,
      java.time.Duration deadline,
      String serviceAccountName) {
    var resources =
        new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
            .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("250m"))
            .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("512Mi"))
            .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("2Gi"))
            .build();
    return new WorkerJobSettings(
        image,
        imagePullPolicy,
        resources,
        backoffLimit,
        (int) ttl.toSeconds(),
        deadline.toSeconds(),
        serviceAccountName);
  }
}
