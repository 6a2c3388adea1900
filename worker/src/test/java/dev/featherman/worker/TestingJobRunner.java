package dev.featherman.worker;

import dev.featherman.api.worker.ExitCode;
import dev.featherman.api.worker.Operation;
import dev.featherman.api.worker.WorkerEnv;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Runs a worker Job's pod the way a kubelet would, but in this JVM: the container's environment is
 * resolved (plain values and secretKeyRefs), each PVC is backed by a directory, and the worker's
 * one-shot entry point runs. Used where no cluster exists (tests).
 */
public final class TestingJobRunner {
  private final BiFunction<String, String, String> secrets;
  private final Path volumes;

  /**
   * @param secrets (secret name, key) to value, or null when the Secret or key is missing
   * @param volumes directory under which each PVC gets a subdirectory
   */
  public TestingJobRunner(BiFunction<String, String, String> secrets, Path volumes) {
    this.secrets = secrets;
    this.volumes = volumes;
  }

  /** What the Job's pod ended with. */
  public record PodResult(int exitCode, String terminationMessage) {}

  /**
   * @throws IllegalStateException when the pod could not start (a missing Secret key), as the
   *     kubelet would report CreateContainerConfigError
   */
  public PodResult run(Job job) throws Exception {
    Map<String, String> env =
        environment(job.getSpec().getTemplate().getSpec(), job.getMetadata().getName());
    Operation operation = Operation.fromJson(env.get(WorkerEnv.OPERATION));
    OneShot.Result result = OneShot.run(env, operation);
    return new PodResult(result.exitCode().code(), result.json().toString());
  }

  /**
   * The first container's environment as the kubelet would resolve it (plain values, secretKeyRefs,
   * the pod name), with PVC paths mapped to directories of this machine.
   *
   * @throws IllegalStateException when a Secret key is missing (CreateContainerConfigError)
   */
  public Map<String, String> environment(PodSpec pod, String podName) throws IOException {
    Container container = pod.getContainers().get(0);
    Map<String, String> env = new HashMap<>();
    for (EnvVar var : container.getEnv()) {
      if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
        SecretKeySelector ref = var.getValueFrom().getSecretKeyRef();
        String value = secrets.apply(ref.getName(), ref.getKey());
        if (value == null) {
          throw new IllegalStateException(
              "CreateContainerConfigError: couldn't find key "
                  + ref.getKey()
                  + " in Secret "
                  + ref.getName());
        }
        env.put(var.getName(), value);
      } else if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
        env.put(var.getName(), podName);
      } else {
        env.put(var.getName(), var.getValue());
      }
    }
    for (VolumeMount mount : container.getVolumeMounts()) {
      Volume volume =
          pod.getVolumes().stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElseThrow();
      if (volume.getPersistentVolumeClaim() != null && env.containsKey(WorkerEnv.CATALOG_FILE)) {
        Path dir =
            Files.createDirectories(
                volumes.resolve(volume.getPersistentVolumeClaim().getClaimName()));
        String file = env.get(WorkerEnv.CATALOG_FILE);
        env.put(
            WorkerEnv.CATALOG_FILE,
            dir.resolve(file.substring(mount.getMountPath().length() + 1)).toString());
      }
    }
    env.remove(WorkerEnv.TEMP_DIRECTORY);
    env.remove("FEATHERMAN_DUCKDB_EXTENSION_DIR"); // the test JVM's extension directory applies
    return env;
  }

  /** Secret values as the kubelet reads them from the API (tests keep Secret names unique). */
  public static BiFunction<String, String, String> secretsOf(KubernetesClient client) {
    return (name, key) -> {
      for (Secret s : client.secrets().inAnyNamespace().list().getItems()) {
        if (!s.getMetadata().getName().equals(name)) {
          continue;
        }
        if (s.getStringData() != null && s.getStringData().containsKey(key)) {
          return s.getStringData().get(key);
        }
        if (s.getData() != null && s.getData().containsKey(key)) {
          return new String(
              Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
        }
      }
      return null;
    };
  }

  /** Whether an exit code would fail the Job at once under its podFailurePolicy. */
  public static boolean failsJob(Job job, int exitCode) {
    return exitCode != ExitCode.OK.code()
        && job.getSpec().getPodFailurePolicy().getRules().stream()
            .anyMatch(
                r ->
                    "FailJob".equals(r.getAction())
                        && r.getOnExitCodes() != null
                        && r.getOnExitCodes().getValues().contains(exitCode));
  }
}
