package dev.featherman.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.backup.retention.RetentionPlan;
import dev.featherman.backup.retention.RetentionPlan.Candidate;
import dev.featherman.backup.retention.RetentionPlan.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention picks exactly the expired, unprotected backups. */
class RetentionPlanTest {
  static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

  static Candidate b(String name, Phase phase, int daysAgo, boolean pinned, boolean restored) {
    return new Candidate(name, phase, NOW.minus(Duration.ofDays(daysAgo)), pinned, restored);
  }

  @Test
  void deletesExpiredUnlessPinnedRestoredFromOrAmongTheNewest() {
    List<Candidate> backups =
        List.of(
            b("new", Phase.COMPLETED, 1, false, false),
            b("old", Phase.COMPLETED, 10, false, false),
            b("older", Phase.COMPLETED, 11, false, false),
            b("pinned", Phase.COMPLETED, 30, true, false),
            b("source", Phase.COMPLETED, 40, false, true),
            b("failed-old", Phase.FAILED, 9, false, false),
            b("failed-new", Phase.FAILED, 1, false, false),
            b("running", Phase.IN_PROGRESS, 50, false, false));
    assertThat(RetentionPlan.select(backups, NOW, 7, null))
        .containsExactlyInAnyOrder("old", "older", "failed-old");
    assertThat(RetentionPlan.select(backups, NOW, 7, 2))
        .as("keepLast counts the newest completed, pinned or not")
        .containsExactlyInAnyOrder("older", "failed-old");
    assertThat(RetentionPlan.select(backups, NOW, 60, 0)).isEmpty();
  }
}
