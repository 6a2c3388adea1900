package dev.featherman.controller.table;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a table's materializeTo runs: once per spec generation without a schedule, else at each time
 * its cron expression (five fields or a macro, UTC) names, catching up once after downtime.
 */
public final class MaterializationSchedule {
  private MaterializationSchedule() {}

  /** Spring's cron has a seconds field; a five-field expression runs at second 0. */
  static CronExpression parse(String schedule) {
    String s = schedule.trim();
    return CronExpression.parse(s.startsWith("@") ? s : "0 " + s);
  }

  /**
   * The run that is due now, if any.
   *
   * @param lastRun when the last run was due (or the object's creation time)
   * @return the due time of the run to start, empty when the next one lies in the future
   */
  public static Optional<Instant> due(String schedule, Instant lastRun, Instant now) {
    Instant next = parse(schedule).next(lastRun.atZone(ZoneOffset.UTC)).toInstant();
    if (next.isAfter(now)) {
      return Optional.empty();
    }
    // Several missed runs collapse into one: the latest that is due.
    Instant latest = next;
    for (Instant n = next;
        n != null && !n.isAfter(now);
        n = parse(schedule).next(n.atZone(ZoneOffset.UTC)).toInstant()) {
      latest = n;
    }
    return Optional.of(latest);
  }

  /** The next due time after {@code now}. */
  public static Instant next(String schedule, Instant now) {
    return parse(schedule).next(now.atZone(ZoneOffset.UTC)).toInstant();
  }
}
