package dev.featherman.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.controller.table.MaterializationSchedule;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Cron slots for materialization: nothing early, one catch-up after downtime. */
class MaterializationScheduleTest {
  @Test
  void dueSlots() {
    Instant last = Instant.parse("2026-01-01T02:00:00Z");
    assertThat(
            MaterializationSchedule.due("0 2 * * *", last, Instant.parse("2026-01-01T12:00:00Z")))
        .isEmpty();
    assertThat(
            MaterializationSchedule.due("0 2 * * *", last, Instant.parse("2026-01-02T02:00:30Z")))
        .contains(Instant.parse("2026-01-02T02:00:00Z"));
    assertThat(MaterializationSchedule.due("@daily", last, Instant.parse("2026-01-05T12:00:00Z")))
        .as("three missed runs become one")
        .contains(Instant.parse("2026-01-05T00:00:00Z"));
    assertThat(MaterializationSchedule.next("*/15 * * * *", Instant.parse("2026-01-01T00:07:00Z")))
        .isEqualTo(Instant.parse("2026-01-01T00:15:00Z"));
  }
}
