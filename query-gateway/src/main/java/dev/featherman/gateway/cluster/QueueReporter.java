package dev.featherman.gateway.cluster;

import dev.featherman.api.Annotations;
import dev.featherman.api.v1alpha1.DuckLakePool;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the pool-service how many queries wait on this replica: an annotation per replica on each
 * pool ({@link Annotations#QUEUE_PREFIX}), written when the number changed since the last report
 * (and refreshed every 20 s while non-zero), never per query; withdrawn (0) on shutdown.
 */
public final class QueueReporter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueueReporter.class);
  private static final Duration REFRESH = Duration.ofSeconds(20);

  private final KubernetesClient client;
  private final String replica;
  private final RoutingMetrics metrics;
  private final Map<String, Integer> reported = new ConcurrentHashMap<>();
  private final Map<String, Instant> reportedAt = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "queue-reporter");
            t.setDaemon(true);
            return t;
          });

  public QueueReporter(
      KubernetesClient client, String replica, RoutingMetrics metrics, Duration interval) {
    this.client = client;
    this.replica = replica;
    this.metrics = metrics;
    timer.scheduleWithFixedDelay(
        this::report, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void report() {
    Instant now = Instant.now();
    metrics
        .allWaiting()
        .forEach(
            (pool, waiting) -> {
              int n = waiting.get();
              Integer last = reported.get(pool);
              boolean stale =
                  n > 0
                      && reportedAt.getOrDefault(pool, Instant.EPOCH).isBefore(now.minus(REFRESH));
              if ((last == null && n == 0) || (last != null && last == n && !stale)) {
                return;
              }
              String patch =
                  Serialization.asJson(
                      Map.of(
                          "metadata",
                          Map.of(
                              "annotations",
                              Map.of(
                                  Annotations.QUEUE_PREFIX + replica,
                                  n + " " + now.getEpochSecond()))));
              try {
                int slash = pool.indexOf('/');
                client
                    .resources(DuckLakePool.class)
                    .inNamespace(pool.substring(0, slash))
                    .withName(pool.substring(slash + 1))
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                reported.put(pool, n);
                reportedAt.put(pool, now);
              } catch (RuntimeException e) {
                log.debug("could not report the queue of pool {}: {}", pool, e.getMessage());
              }
            });
  }

  /**
   * Stops reporting, after a last report: a replica shutting down has no queue left, and saying so
   * keeps the pool-service from scaling for it until its report went stale.
   */
  @Override
  public void close() {
    timer.shutdownNow();
    report();
  }
}
