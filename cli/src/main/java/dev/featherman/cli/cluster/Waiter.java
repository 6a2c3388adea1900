package dev.featherman.cli.cluster;

import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.BackupPhase;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.FeathermanStatus;
import dev.featherman.cli.CliException;
import dev.featherman.cli.ExitCodes;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Polls an object until a check says it is done or failed; on timeout the last thing that kept it
 * waiting is the error (exit code 3).
 */
final class Waiter {
  private static final Duration POLL = Duration.ofMillis(500);

  private Waiter() {}

  /** Waits for {@code check} on the object {@code fetch} returns; prints the outcome's detail. */
  static <T> void await(
      String what,
      Supplier<T> fetch,
      Function<T, Outcome> check,
      Duration timeout,
      PrintWriter out) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "not found";
    while (true) {
      T object = fetch.get();
      Outcome outcome = object == null ? Outcome.pending("not found") : check.apply(object);
      switch (outcome.state()) {
        case DONE -> {
          out.println(what + " " + outcome.detail());
          out.flush();
          return;
        }
        case FAILED -> throw new CliException(ExitCodes.FAILED, what + " " + outcome.detail());
        case PENDING -> last = outcome.detail();
      }
      if (System.nanoTime() > deadline) {
        throw new CliException(
            ExitCodes.TIMED_OUT, what + " not ready after " + timeout.toSeconds() + "s: " + last);
      }
      sleep();
    }
  }

  /** Ready=True for the object's current generation. */
  static Outcome ready(CustomResource<?, ? extends FeathermanStatus> object) {
    FeathermanStatus status = object.getStatus();
    if (status == null) {
      return Outcome.pending("no status yet (is the controller running?)");
    }
    Condition ready = Conditions.find(status, ConditionTypes.READY).orElse(null);
    if (ready == null) {
      return Outcome.pending("no Ready condition yet");
    }
    Long generation = object.getMetadata().getGeneration();
    boolean current =
        generation == null
            || ready.getObservedGeneration() == null
            || ready.getObservedGeneration() >= generation;
    if (!current) {
      return Outcome.pending("generation " + generation + " not observed yet");
    }
    return "True".equals(ready.getStatus())
        ? Outcome.done("is Ready")
        : Outcome.pending("Ready=" + ready.getStatus() + " " + describe(ready));
  }

  /** A backup's end: Completed, or Failed with its error. */
  static Outcome completed(DuckLakeBackup backup) {
    if (backup.getStatus() == null || backup.getStatus().getPhase() == null) {
      return Outcome.pending("not started yet (is the backup-service running?)");
    }
    BackupPhase phase = backup.getStatus().getPhase();
    return switch (phase) {
      case Completed ->
          Outcome.done(
              "Completed: "
                  + backup.getStatus().getSizeBytes()
                  + " bytes at snapshot "
                  + backup.getStatus().getSnapshotId()
                  + " in "
                  + backup.getStatus().getObjectKey());
      case Failed -> Outcome.failed("Failed: " + backup.getStatus().getError());
      default -> Outcome.pending(phase.name());
    };
  }

  /** "Reason: message" of a condition. */
  static String describe(Condition condition) {
    return condition.getReason()
        + (condition.getMessage() == null || condition.getMessage().isEmpty()
            ? ""
            : ": " + condition.getMessage());
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted");
    }
  }
}
