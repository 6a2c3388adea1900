package dev.featherman.gateway.cluster;

import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.gateway.config.LatencyBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Routing as seen from this gateway replica: {@code ducklake_pool_query_duration_seconds} and
 * {@code ducklake_pool_wait_duration_seconds} (the Go README's names, with Prometheus' unit
 * suffix), {@code ducklake_pool_acquisitions_total{result}}, {@code ducklake_pool_releases_total},
 * {@code featherman_gateway_pool_waiting{pool}}, {@code featherman_gateway_worker_retries_total}
 * and {@code featherman_gateway_job_fallbacks_total{result}}.
 */
public final class RoutingMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

  public RoutingMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The live count of queries of {@code pool} waiting on this replica. */
  AtomicInteger waiting(DuckLakePool pool) {
    String namespace = pool.getMetadata().getNamespace();
    String name = pool.getMetadata().getName();
    return waiting.computeIfAbsent(
        namespace + "/" + name,
        key -> {
          AtomicInteger value = new AtomicInteger();
          Gauge.builder("featherman.gateway.pool.waiting", value, AtomicInteger::get)
              .description("Queries waiting for a worker of the pool on this gateway replica")
              .tags("namespace", namespace, "pool", name)
              .register(registry);
          return value;
        });
  }

  /** Every pool's waiting count, by {@code namespace/name}. */
  Map<String, AtomicInteger> allWaiting() {
    return waiting;
  }

  void acquired(String pool, Duration waited, String result) {
    Timer.builder("ducklake.pool.wait.duration")
        .description("Time a query waited for a worker")
        .serviceLevelObjectives(LatencyBuckets.bounds())
        .tag("pool", pool)
        .register(registry)
        .record(waited);
    Counter.builder("ducklake.pool.acquisitions")
        .description("Attempts to get a worker, by result (acquired, queue_full, timeout)")
        .tags("pool", pool, "result", result)
        .register(registry)
        .increment();
  }

  void released(String pool, Duration ran) {
    Timer.builder("ducklake.pool.query.duration")
        .description("Time a query ran on a pool worker")
        .serviceLevelObjectives(LatencyBuckets.bounds())
        .tag("pool", pool)
        .register(registry)
        .record(ran);
    Counter.builder("ducklake.pool.releases").tag("pool", pool).register(registry).increment();
  }

  void retried(String pool, String reason) {
    Counter.builder("featherman.gateway.worker.retries")
        .description("Queries moved to another worker, by reason")
        .tags("pool", pool, "reason", reason)
        .register(registry)
        .increment();
  }

  void jobFallback(String catalog, String result) {
    Counter.builder("featherman.gateway.job.fallbacks")
        .description("Queries run in a one-shot Job because no pool was Ready")
        .tags("catalog", catalog, "result", result)
        .register(registry)
        .increment();
  }
}
