package dev.featherman.workloads;

import dev.featherman.api.Labels;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.worker.ExitCode;
import dev.featherman.api.worker.WorkerEnv;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-shot Job of the worker image that runs one operation against one catalog: environment from
 * the catalog (secrets by reference), the catalog volume for file catalogs, a writable emptyDir for
 * DuckDB's temporary files under a read-only root, non-root, and a podFailurePolicy that fails at
 * once on spec errors and retries only what retrying can fix.
 */
public final class WorkerJob {
  /** Component label value of operation Jobs. */
  public static final String COMPONENT = "catalog-job";

  private WorkerJob() {}

  /**
   * @param catalog the catalog to attach
   * @param owner the object the Job works for (catalog or table): owns and names it
   * @param name the Job's name (the caller makes it unique per operation and spec generation)
   * @param operationJson the operation, as the worker reads it from $FEATHERMAN_OPERATION
   */
  public static Job desired(
      DuckLakeCatalog catalog,
      HasMetadata owner,
      String name,
      String operationJson,
      WorkerJobSettings settings) {
    List<EnvVar> env = new ArrayList<>(WorkerEnvironment.forCatalog(catalog));
    env.add(WorkerEnvironment.plain(WorkerEnv.OPERATION, operationJson));
    env.add(
        WorkerEnvironment.plain("FEATHERMAN_DUCKDB_EXTENSION_DIR", WorkerPodParts.EXTENSION_DIR));
    Container worker =
        new ContainerBuilder()
            .withName("worker")
            .withImage(settings.image())
            .withImagePullPolicy(settings.imagePullPolicy())
            .withArgs("oneshot")
            .withEnv(env)
            .withVolumeMounts(WorkerPodParts.mounts(catalog, false))
            .withResources(settings.resources())
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .withSecurityContext(WorkerPodParts.containerSecurity())
            .build();
    var labels = Metadata.labels(COMPONENT, catalog.getMetadata().getName());
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(catalog.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(Metadata.ownedBy(owner))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(settings.backoffLimit())
        .withTtlSecondsAfterFinished(settings.ttlSecondsAfterFinished())
        .withActiveDeadlineSeconds(settings.activeDeadlineSeconds())
        .withNewPodFailurePolicy()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withContainerName("worker")
        .withOperator("In")
        .withValues(ExitCode.INVALID_SPEC.code(), ExitCode.UNSUPPORTED_CHANGE.code())
        .endOnExitCodes()
        .endRule()
        .addNewRule()
        .withAction("Ignore")
        .addNewOnPodCondition()
        .withType("DisruptionTarget")
        .withStatus("True")
        .endOnPodCondition()
        .endRule()
        .endPodFailurePolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .addToLabels(Labels.COMPONENT, COMPONENT)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withServiceAccountName(settings.serviceAccountName())
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(WorkerPodParts.podSecurity())
        .withContainers(worker)
        .withVolumes(WorkerPodParts.volumes(catalog, false))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
