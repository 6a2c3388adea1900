package dev.featherman.operator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * Reconciliations by kind and result, and their durations by kind: {@code
 * featherman_<service>_reconciliations_total{kind,result}} and {@code
 * featherman_<service>_reconcile_duration_seconds{kind}}.
 */
public class ReconcileMetrics {
  private final MeterRegistry registry;
  private final String prefix;

  /**
   * @param service the meter name segment after {@code featherman.}, e.g. "controller"
   */
  public ReconcileMetrics(MeterRegistry registry, String service) {
    this.registry = registry;
    this.prefix = "featherman." + service + ".";
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
          Timer.builder(prefix + "reconcile.duration")
              .description("Time one reconciliation took")
              .tag("kind", kind)
              .register(registry));
      Counter.builder(prefix + "reconciliations")
          .description("Reconciliations by kind and result")
          .tags("kind", kind, "result", result)
          .register(registry)
          .increment();
    }
  }
}
