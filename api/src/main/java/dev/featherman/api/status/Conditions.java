package dev.featherman.api.status;

import dev.featherman.api.v1alpha1.FeathermanStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Standard condition handling for every status: one condition per type, lastTransitionTime only
 * moves when the status flips, and callers learn whether anything changed (no patch otherwise).
 */
public final class Conditions {
  private Conditions() {}

  /**
   * Sets condition {@code type}.
   *
   * @return true when the status changed in any field (and so needs a patch)
   */
  public static boolean set(
      FeathermanStatus status,
      String type,
      boolean value,
      String reason,
      String message,
      Long generation,
      Clock clock) {
    String s = value ? "True" : "False";
    Optional<Condition> existing = find(status, type);
    if (existing.isPresent()) {
      Condition c = existing.get();
      boolean flipped = !s.equals(c.getStatus());
      boolean same =
          !flipped
              && Objects.equals(reason, c.getReason())
              && Objects.equals(message, c.getMessage())
              && Objects.equals(generation, c.getObservedGeneration());
      if (same) {
        return false;
      }
      c.setStatus(s);
      c.setReason(reason);
      c.setMessage(message);
      c.setObservedGeneration(generation);
      if (flipped) {
        c.setLastTransitionTime(now(clock));
      }
      return true;
    }
    status
        .getConditions()
        .add(
            new ConditionBuilder()
                .withType(type)
                .withStatus(s)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(now(clock))
                .build());
    return true;
  }

  /** The condition of {@code type}, if set. */
  public static Optional<Condition> find(FeathermanStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Whether condition {@code type} is True. */
  public static boolean isTrue(FeathermanStatus status, String type) {
    return find(status, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  private static String now(Clock clock) {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
