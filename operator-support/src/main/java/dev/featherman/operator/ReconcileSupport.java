package dev.featherman.operator;

import dev.featherman.api.ConditionTypes;
import dev.featherman.api.Labels;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.FeathermanStatus;
import dev.featherman.workloads.WorkerJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The reconcile skeleton every Featherman kind shares: measure the run, advance the status, record
 * an Event when Ready changes, patch the status only when it changed, and one error path.
 */
public final class ReconcileSupport {
  private final EventRecorder events;
  private final ReconcileMetrics metrics;
  private final Clock clock;

  private final StatusWriter statuses;

  public ReconcileSupport(
      EventRecorder events, ReconcileMetrics metrics, Clock clock, StatusWriter statuses) {
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.statuses = statuses;
  }

  public EventRecorder events() {
    return events;
  }

  /** An informer on worker Jobs: a Job's changes wake the object that owns it. */
  public static <P extends HasMetadata> List<EventSource<?, P>> workerJobs(
      Class<P> primary, EventSourceContext<P> context) {
    var config =
        InformerEventSourceConfiguration.from(Job.class, primary)
            .withLabelSelector(Labels.COMPONENT + "=" + WorkerJob.COMPONENT)
            .build();
    return List.of(new InformerEventSource<>(config, context));
  }

  /**
   * Runs one reconciliation of {@code resource}.
   *
   * @param advance moves the status one step and returns when to look again in ms (0: on events)
   */
  public <S extends FeathermanStatus, P extends CustomResource<?, S>> UpdateControl<P> reconcile(
      P resource, Supplier<S> newStatus, ToLongFunction<S> advance) {
    return metrics.measure(
        resource.getKind(),
        () -> {
          String before = statusJson(resource);
          S status = statusOf(resource, newStatus);
          String readyBefore = ReadyEvents.summary(status);
          long recheck = advance.applyAsLong(status);
          status.setObservedGeneration(resource.getMetadata().getGeneration());
          ReadyEvents.emitOnChange(events, resource, status, readyBefore);
          if (!before.equals(Serialization.asJson(status))) {
            statuses.write(resource, before);
          }
          UpdateControl<P> control = UpdateControl.noUpdate();
          return recheck > 0 ? control.rescheduleAfter(recheck) : control;
        });
  }

  /**
   * The one error path (STYLE.md §6): an unexpected failure (the API server, a bug) becomes
   * Ready=False/ReconcileError and a Warning Event; the framework then retries with backoff.
   */
  public <S extends FeathermanStatus, P extends CustomResource<?, S>>
      ErrorStatusUpdateControl<P> error(P resource, Supplier<S> newStatus, Exception e) {
    String before = statusJson(resource);
    S status = statusOf(resource, newStatus);
    String message = ReadyEvents.firstLine(e);
    if (Conditions.set(
        status,
        ConditionTypes.READY,
        false,
        ReadyEvents.RECONCILE_ERROR,
        message,
        resource.getMetadata().getGeneration(),
        clock)) {
      events.warning(resource, ReadyEvents.RECONCILE_ERROR, message);
      try {
        statuses.write(resource, before);
      } catch (RuntimeException writeFailed) {
        e.addSuppressed(writeFailed); // the API server may be what failed; the retry will tell
      }
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** The status as read, or "{}" when there is none yet (the first write adds it whole). */
  private static String statusJson(CustomResource<?, ?> resource) {
    return resource.getStatus() == null ? "{}" : Serialization.asJson(resource.getStatus());
  }

  private static <S extends FeathermanStatus, P extends CustomResource<?, S>> S statusOf(
      P resource, Supplier<S> newStatus) {
    if (resource.getStatus() == null) {
      resource.setStatus(newStatus.get());
    }
    return resource.getStatus();
  }
}
