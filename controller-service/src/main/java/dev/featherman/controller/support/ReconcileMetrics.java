package dev.featherman.controller.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * Reconciliations by kind and result, and their durations by kind: {@code
 * featherman_controller_reconciliations_total{kind,result}} and {@code
 * featherman_controller_reconcile_duration_seconds{kind}}.
 */
public class ReconcileMetrics {
  private final MeterRegistry registry;

  public ReconcileMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Runs one reconciliation, counting it as success or error and timing it. */
  public <T> T measure(String kind, Supplier<T> reconciliation) {
    Timer.Sample sample = Timer.start(registry);
    String result = "error";
    try {
      T value = reconciliation.get();
      result = "success";
      return value;
    } finally {
      sample.stop(
          Timer.builder("featherman.controller.reconcile.duration")
              .description("Time one reconciliation took")
              .tag("kind", kind)
              .register(registry));
      Counter.builder("featherman.controller.reconciliations")
          .description("Reconciliations by kind and result")
          .tags("kind", kind, "result", result)
          .register(registry)
          .increment();
    }
  }
}
