package dev.featherman.gateway.config;

import java.time.Duration;

/**
 * The histogram buckets every latency timer of the gateway publishes, so Prometheus and the
 * dashboards can show p50/p95/p99 across replicas ({@code histogram_quantile}) instead of only mean
 * and max. A fixed, short list from 1 ms to 5 min keeps the series per timer small.
 */
public final class LatencyBuckets {
  private static final Duration[] BOUNDS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60),
    Duration.ofMinutes(5)
  };

  private LatencyBuckets() {}

  /** The bucket bounds (a new array each time: callers cannot change the shared one). */
  public static Duration[] bounds() {
    return BOUNDS.clone();
  }
}
