package dev.featherman.operator;

import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.FeathermanStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Set;

/** Turns changes of the Ready condition into Events: Normal when Ready, Warning for problems. */
public final class ReadyEvents {
  /** Reason of an unexpected reconciliation failure. */
  public static final String RECONCILE_ERROR = "ReconcileError";

  /** Reasons that mean "in progress", not "something is wrong". */
  /** Reasons for Ready=False that mean "on its way", which are no cause for a Warning. */
  private static final Set<String> PROGRESS =
      Set.of(
          ConditionReasons.RECONCILING,
          ConditionReasons.CATALOG_NOT_READY,
          ConditionReasons.VOLUME_PENDING,
          ConditionReasons.WORKERS_STARTING,
          ConditionReasons.PAUSED_FOR_CATALOG_JOB,
          ConditionReasons.RESTORING);

  private ReadyEvents() {}

  /** status/reason of Ready, to compare before and after a reconcile. */
  public static String summary(FeathermanStatus status) {
    return Conditions.find(status, ConditionTypes.READY)
        .map(c -> c.getStatus() + "/" + c.getReason())
        .orElse("");
  }

  /** Records an Event when Ready's status or reason changed. */
  public static void emitOnChange(
      EventRecorder events, HasMetadata object, FeathermanStatus status, String before) {
    String after = summary(status);
    if (after.equals(before) || after.isEmpty()) {
      return;
    }
    var ready = Conditions.find(status, ConditionTypes.READY).orElseThrow();
    if ("True".equals(ready.getStatus())) {
      events.normal(object, "Ready", ready.getMessage());
    } else if (!isProgress(ready.getReason())) {
      events.warning(object, ready.getReason(), ready.getMessage());
    }
  }

  /** Whether Ready=False for {@code reason} is progress rather than a problem. */
  static boolean isProgress(String reason) {
    return PROGRESS.contains(reason);
  }

  /** The first line of an exception's message (never a stack trace). */
  public static String firstLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
