package dev.featherman.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.v1alpha1.DuckLakeTableStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** lastTransitionTime moves only on a flip; unchanged conditions report no change. */
class ConditionsTest {
  @Test
  void transitionTimeMovesOnlyWhenTheStatusFlips() {
    DuckLakeTableStatus status = new DuckLakeTableStatus();
    Clock t0 = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    Clock t1 = Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), ZoneOffset.UTC);
    assertThat(Conditions.set(status, "Ready", false, "CatalogNotReady", "waiting", 1L, t0))
        .isTrue();
    assertThat(Conditions.set(status, "Ready", false, "CatalogNotReady", "waiting", 1L, t1))
        .isFalse();
    assertThat(Conditions.set(status, "Ready", false, "Reconciling", "running", 1L, t1)).isTrue();
    assertThat(Conditions.find(status, "Ready").orElseThrow().getLastTransitionTime())
        .isEqualTo("2026-01-01T00:00:00Z");
    assertThat(Conditions.set(status, "Ready", true, "Reconciled", "ready", 1L, t1)).isTrue();
    assertThat(Conditions.find(status, "Ready").orElseThrow().getLastTransitionTime())
        .isEqualTo("2026-01-01T01:00:00Z");
    assertThat(Conditions.isTrue(status, "Ready")).isTrue();
    assertThat(status.getConditions()).hasSize(1);
  }
}
