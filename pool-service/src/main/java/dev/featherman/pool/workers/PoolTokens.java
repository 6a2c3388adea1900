package dev.featherman.pool.workers;

import dev.featherman.api.Annotations;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.worker.WorkerToken;
import dev.featherman.workloads.WorkerPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A pool's current worker token and the one before it, and which of them a worker pod accepts. The
 * pool's token Secret is where both live ({@link WorkerPod#TOKEN_KEY}, {@link
 * WorkerPod#PREVIOUS_TOKEN_KEY}), so a restarted pool-service still reaches workers started before
 * a rotation while their replacements start.
 */
public record PoolTokens(String current, String previous) {

  /** Keeps the pool's token Secret on {@code current}, remembering the token it replaces. */
  public static PoolTokens ensure(KubernetesClient client, DuckLakePool pool, String current) {
    Secret existing =
        client
            .secrets()
            .inNamespace(pool.getMetadata().getNamespace())
            .withName(WorkerPod.tokenSecretName(pool))
            .get();
    if (existing == null) {
      client.resource(WorkerPod.tokenSecret(pool, current, null)).create();
      return new PoolTokens(current, null);
    }
    String stored = value(existing, WorkerPod.TOKEN_KEY);
    String previous = value(existing, WorkerPod.PREVIOUS_TOKEN_KEY);
    if (!current.equals(stored)) {
      previous = stored;
      client.resource(WorkerPod.tokenSecret(pool, current, previous)).update();
    }
    return new PoolTokens(current, previous);
  }

  /** Whether the pod was started with the current token (pods from before fingerprints: yes). */
  public boolean isCurrent(Pod pod) {
    String fingerprint = fingerprintOf(pod);
    return fingerprint == null || fingerprint.equals(WorkerToken.fingerprint(current));
  }

  /** The token {@code pod} accepts, as far as this pool knows. */
  public String of(Pod pod) {
    return !isCurrent(pod)
            && previous != null
            && fingerprintOf(pod).equals(WorkerToken.fingerprint(previous))
        ? previous
        : current;
  }

  private static String fingerprintOf(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Annotations.WORKER_TOKEN_FINGERPRINT);
  }

  private static String value(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    return secret.getStringData() == null ? null : secret.getStringData().get(key);
  }
}
