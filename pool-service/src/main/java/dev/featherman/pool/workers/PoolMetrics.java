package dev.featherman.pool.workers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool gauges the Go README names ({@code ducklake_pool_size_current}, {@code _size_desired},
 * {@code _pods_idle}, {@code _pods_busy}, {@code _queue_length}) per pool, plus {@code
 * ducklake_pool_pod_creations_total}, {@code ducklake_pool_pod_deletions_total{reason}} and {@code
 * ducklake_pool_scaling_events_total{direction}}. Query and wait durations are measured where
 * queries run: the gateway exports them under the same prefix.
 */
public final class PoolMetrics {
  private final MeterRegistry registry;

  /** One published number: its value and the gauge that reads it. */
  private record Published(AtomicInteger value, Gauge gauge) {}

  private final Map<String, Map<String, Published>> gauges = new ConcurrentHashMap<>();

  public PoolMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Publishes one pool's current numbers. */
  public void observe(
      String namespace, String pool, int current, int desired, int idle, int busy, int queue) {
    Map<String, Published> g =
        gauges.computeIfAbsent(namespace + "/" + pool, k -> register(namespace, pool));
    g.get("size.current").value().set(current);
    g.get("size.desired").value().set(desired);
    g.get("pods.idle").value().set(idle);
    g.get("pods.busy").value().set(busy);
    g.get("queue.length").value().set(queue);
  }

  /** Stops publishing a deleted pool. */
  public void forget(String namespace, String pool) {
    Map<String, Published> g = gauges.remove(namespace + "/" + pool);
    if (g != null) {
      g.values().forEach(p -> registry.remove(p.gauge()));
    }
  }

  public void created(String namespace, String pool, int count) {
    counter("ducklake.pool.pod.creations", namespace, pool).increment(count);
  }

  public void deleted(String namespace, String pool, String reason) {
    Counter.builder("ducklake.pool.pod.deletions")
        .description("Worker pods deleted, by reason")
        .tags("namespace", namespace, "pool", pool, "reason", reason)
        .register(registry)
        .increment();
  }

  public void scaled(String namespace, String pool, String direction) {
    Counter.builder("ducklake.pool.scaling.events")
        .description("Autoscaling steps, by direction")
        .tags("namespace", namespace, "pool", pool, "direction", direction)
        .register(registry)
        .increment();
  }

  private Counter counter(String name, String namespace, String pool) {
    return Counter.builder(name).tags("namespace", namespace, "pool", pool).register(registry);
  }

  private Map<String, Published> register(String namespace, String pool) {
    Map<String, Published> g = new ConcurrentHashMap<>();
    for (String name :
        new String[] {"size.current", "size.desired", "pods.idle", "pods.busy", "queue.length"}) {
      AtomicInteger value = new AtomicInteger();
      Gauge gauge =
          Gauge.builder("ducklake.pool." + name, value, AtomicInteger::get)
              .tags("namespace", namespace, "pool", pool)
              .register(registry);
      g.put(name, new Published(value, gauge));
    }
    return g;
  }
}
