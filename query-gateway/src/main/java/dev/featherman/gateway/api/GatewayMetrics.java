package dev.featherman.gateway.api;

import dev.featherman.engine.query.OutputFormat;
import dev.featherman.engine.query.QueryOutcome;
import dev.featherman.gateway.config.LatencyBuckets;
import dev.featherman.gateway.limits.AdmissionControl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * Gateway meters: requests by catalog/format/status, duration, rows and bytes streamed, active and
 * queued queries. Prometheus names carry the {@code featherman_gateway_} prefix.
 */
final class GatewayMetrics {
  private final MeterRegistry registry;

  GatewayMetrics(MeterRegistry registry, AdmissionControl admission, int maxConcurrent) {
    this.registry = registry;
    Gauge.builder("featherman.gateway.queries.active", () -> admission.active(maxConcurrent))
        .description("Queries running now")
        .register(registry);
    Gauge.builder("featherman.gateway.queries.queued", admission::queued)
        .description("Queries waiting for a slot")
        .register(registry);
  }

  void request(String c, String f, int status, Duration elapsed) {
    Counter.builder("featherman.gateway.requests")
        .description("Query requests by outcome")
        .tags("catalog", c, "format", f, "status", Integer.toString(status))
        .register(registry)
        .increment();
    Timer.builder("featherman.gateway.query.duration")
        .description("Time from request to the last byte")
        .serviceLevelObjectives(LatencyBuckets.bounds())
        .tags("catalog", c, "format", f)
        .register(registry)
        .record(elapsed);
  }

  void streamed(String catalog, OutputFormat format, QueryOutcome outcome) {
    String f = format.name().toLowerCase(Locale.ROOT);
    if (outcome.rows() >= 0) { // -1: counted by the worker that ran it
      DistributionSummary.builder("featherman.gateway.rows.streamed")
          .baseUnit("rows")
          .tags("catalog", catalog, "format", f)
          .register(registry)
          .record(outcome.rows());
    }
    DistributionSummary.builder("featherman.gateway.bytes.streamed")
        .baseUnit("bytes")
        .tags("catalog", catalog, "format", f)
        .register(registry)
        .record(outcome.bytes());
  }

  /** Rows and body bytes appended to a table (a replayed idempotent request counts nothing). */
  void ingested(
      String catalog,
      dev.featherman.engine.ingest.IngestFormat format,
      dev.featherman.engine.ingest.IngestResult result) {
    if (result.duplicate()) {
      return;
    }
    String f = format.name().toLowerCase(Locale.ROOT);
    DistributionSummary.builder("featherman.gateway.rows.ingested")
        .baseUnit("rows")
        .tags("catalog", catalog, "format", f)
        .register(registry)
        .record(result.rows());
    DistributionSummary.builder("featherman.gateway.bytes.ingested")
        .baseUnit("bytes")
        .tags("catalog", catalog, "format", f)
        .register(registry)
        .record(result.bytes());
  }
}
