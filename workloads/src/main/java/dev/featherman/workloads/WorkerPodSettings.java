package dev.featherman.workloads;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

/**
 * Operator-wide settings for warm worker pods, used where the pool's template says nothing.
 *
 * @param image the worker image (with the DuckDB extensions baked in)
 * @param imagePullPolicy Always, IfNotPresent or Never
 * @param resources requests and limits when the template has none
 * @param serviceAccountName service account of worker pods (they need no API access)
 * @param port the worker API's container port
 */
public record WorkerPodSettings(
    String image,
    String imagePullPolicy,
    ResourceRequirements resources,
    String serviceAccountName,
    int port) {

  /** Requests and limits of a worker whose pool template names none. */
  public static ResourceRequirements defaultResources() {
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("500m"))
        .addToRequests("memory", new Quantity("1Gi"))
        .addToLimits("memory", new Quantity("2Gi"))
        .build();
  }
}
