package dev.featherman.pool.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.Annotations;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueReportsTest {
  static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  static final Duration FRESH = Duration.ofSeconds(60);

  static String report(int waiting, Instant at) {
    return waiting + " " + at.getEpochSecond();
  }

  @Test
  void freshReportsOfAllReplicasAreSummed() {
    Map<String, String> annotations =
        Map.of(
            Annotations.QUEUE_PREFIX + "gateway-a", report(3, NOW.minusSeconds(5)),
            Annotations.QUEUE_PREFIX + "gateway-b", report(4, NOW.minusSeconds(60)));
    assertThat(QueueReports.waiting(annotations, NOW, FRESH)).isEqualTo(7);
  }

  @Test
  void aReplicaThatWentAwayStopsCountingOnceItsReportIsStale() {
    Map<String, String> annotations =
        Map.of(
            Annotations.QUEUE_PREFIX + "gateway-a", report(3, NOW),
            Annotations.QUEUE_PREFIX + "gone", report(40, NOW.minusSeconds(61)));
    assertThat(QueueReports.waiting(annotations, NOW, FRESH)).isEqualTo(3);
  }

  @Test
  void othersAnnotationsAndMalformedReportsAreIgnored() {
    Map<String, String> annotations =
        Map.of(
            "kubectl.kubernetes.io/last-applied-configuration",
            "{}",
            Annotations.QUEUE_PREFIX + "typo",
            "many",
            Annotations.QUEUE_PREFIX + "half",
            "5",
            Annotations.QUEUE_PREFIX + "gateway-a",
            " 2  " + NOW.getEpochSecond() + " ");
    assertThat(QueueReports.waiting(annotations, NOW, FRESH)).isEqualTo(2);
    assertThat(QueueReports.waiting(null, NOW, FRESH)).isZero();
  }
}
