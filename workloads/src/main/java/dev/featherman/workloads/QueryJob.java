package dev.featherman.workloads;

import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.worker.WorkerEnv;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gateway's fallback when a catalog has no Ready pool: a Job of the worker image in {@code
 * serve} mode that answers exactly one query (with a token of its own from its own Secret) and
 * exits, or exits after two idle minutes if the gateway never comes.
 */
public final class QueryJob {
  /** Component label value of fallback query Jobs. */
  public static final String COMPONENT = "query-job";

  static final long IDLE_EXIT_SECONDS = 120;

  private QueryJob() {}

  /** The Secret with the Job's own token (created after the Job, owned by it). */
  public static Secret tokenSecret(Job job, String token) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(job.getMetadata().getName())
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(job.getMetadata().getLabels())
        .withOwnerReferences(Metadata.ownedBy(job))
        .endMetadata()
        .withType("Opaque")
        .withStringData(Map.of(WorkerPod.TOKEN_KEY, token))
        .build();
  }

  /** A one-query worker Job named {@code name} for {@code catalog}. */
  public static Job desired(DuckLakeCatalog catalog, String name, WorkerPodSettings settings) {
    List<EnvVar> env = new ArrayList<>(WorkerEnvironment.forCatalog(catalog));
    env.add(
        new EnvVarBuilder()
            .withName(WorkerEnv.WORKER_TOKEN)
            .withNewValueFrom()
            .withNewSecretKeyRef(WorkerPod.TOKEN_KEY, name, false)
            .endValueFrom()
            .build());
    env.add(WorkerEnvironment.plain(WorkerEnv.WORKER_NAME, name));
    env.add(WorkerEnvironment.plain(WorkerEnv.WORKER_PORT, String.valueOf(settings.port())));
    env.add(WorkerEnvironment.plain(WorkerEnv.WORKER_EXIT_AFTER_QUERIES, "1"));
    env.add(
        WorkerEnvironment.plain(
            WorkerEnv.WORKER_IDLE_EXIT_SECONDS, String.valueOf(IDLE_EXIT_SECONDS)));
    env.add(WorkerEnvironment.plain(WorkerEnv.TEMP_DIRECTORY, WorkerPodParts.SCRATCH));
    env.add(
        WorkerEnvironment.plain("FEATHERMAN_DUCKDB_EXTENSION_DIR", WorkerPodParts.EXTENSION_DIR));
    var labels = Metadata.labels(COMPONENT, catalog.getMetadata().getName());
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(catalog.getMetadata().getNamespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withTtlSecondsAfterFinished(60)
        .withActiveDeadlineSeconds(IDLE_EXIT_SECONDS + 3600)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withServiceAccountName(settings.serviceAccountName())
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(WorkerPodParts.podSecurity())
        .withContainers(
            new ContainerBuilder()
                .withName("worker")
                .withImage(settings.image())
                .withImagePullPolicy(settings.imagePullPolicy())
                .withArgs("serve")
                .withEnv(env)
                .addNewPort()
                .withName(WorkerPod.PORT_NAME)
                .withContainerPort(settings.port())
                .endPort()
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath("/healthz")
                .withPort(new io.fabric8.kubernetes.api.model.IntOrString(WorkerPod.PORT_NAME))
                .endHttpGet()
                .withPeriodSeconds(1)
                .endReadinessProbe()
                .withVolumeMounts(WorkerPodParts.mounts(catalog, false))
                .withResources(settings.resources())
                .withSecurityContext(WorkerPodParts.containerSecurity())
                .build())
        .withVolumes(WorkerPodParts.volumes(catalog, false))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
