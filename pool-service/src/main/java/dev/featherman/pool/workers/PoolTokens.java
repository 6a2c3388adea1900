package dev.featherman.pool.workers;

import dev.featherman.api.Annotations;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.worker.WorkerToken;
import dev.featherman.workloads.WorkerPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * A pool's current worker token and, for the rotation grace after it changed, the one before it,
 * and which of them a worker pod accepts. The pool's token Secret is where both live ({@link
 * WorkerPod#TOKEN_KEY}, {@link WorkerPod#PREVIOUS_TOKEN_KEY}, and when the token changed), so a
 * restarted pool-service still reaches workers started before a rotation while their replacements
 * start, and still ends the grace on time.
 *
 * @param previous the token before the last rotation while its grace lasts, else null
 */
public record PoolTokens(String current, String previous) {

  /**
   * Keeps the pool's token Secret on {@code current}, remembering the token it replaces until
   * {@code grace} has passed since the change, and forgetting it then.
   */
  public static PoolTokens ensure(
      KubernetesClient client, DuckLakePool pool, String current, Instant now, Duration grace) {
    Secret existing =
        client
            .secrets()
            .inNamespace(pool.getMetadata().getNamespace())
            .withName(WorkerPod.tokenSecretName(pool))
            .get();
    if (existing == null) {
      client.resource(secret(pool, current, null, now)).create();
      return new PoolTokens(current, null);
    }
    String stored = value(existing, WorkerPod.TOKEN_KEY);
    String previous = value(existing, WorkerPod.PREVIOUS_TOKEN_KEY);
    if (!current.equals(stored)) {
      client.resource(secret(pool, current, stored, now)).update();
      return new PoolTokens(current, stored);
    }
    if (previous != null && !rotatedAt(existing).plus(grace).isAfter(now)) {
      client.resource(secret(pool, current, null, rotatedAt(existing))).update();
      return new PoolTokens(current, null);
    }
    return new PoolTokens(current, previous);
  }

  /** Whether the pod was started with the current token (pods from before fingerprints: yes). */
  public boolean isCurrent(Pod pod) {
    String fingerprint = fingerprintOf(pod);
    return fingerprint == null || fingerprint.equals(WorkerToken.fingerprint(current));
  }

  /**
   * Whether the pod was started with a token that no longer works: neither the current one nor the
   * previous one within its grace. Such a worker is deleted at once, even mid-query.
   */
  public boolean isRevoked(Pod pod) {
    return !isCurrent(pod)
        && (previous == null || !fingerprintOf(pod).equals(WorkerToken.fingerprint(previous)));
  }

  /** The token {@code pod} accepts, as far as this pool knows. */
  public String of(Pod pod) {
    return !isCurrent(pod) && !isRevoked(pod) ? previous : current;
  }

  private static Secret secret(DuckLakePool pool, String token, String previous, Instant changed) {
    return new SecretBuilder(WorkerPod.tokenSecret(pool, token, previous))
        .editMetadata()
        .addToAnnotations(Annotations.WORKER_TOKEN_ROTATED_AT, changed.toString())
        .endMetadata()
        .build();
  }

  private static Instant rotatedAt(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String value =
        annotations == null ? null : annotations.get(Annotations.WORKER_TOKEN_ROTATED_AT);
    try {
      return value == null ? Instant.EPOCH : Instant.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      return Instant.EPOCH; // a hand-edited value ends the grace: the safe side
    }
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
