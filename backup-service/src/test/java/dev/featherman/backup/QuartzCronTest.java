package dev.featherman.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featherman.backup.schedule.QuartzCron;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

/** Five-field cron to Quartz: same firing times, checked against Quartz itself. */
class QuartzCronTest {
  static ZonedDateTime next(String fiveField, ZonedDateTime after) throws Exception {
    CronExpression q = new CronExpression(QuartzCron.of(fiveField));
    q.setTimeZone(TimeZone.getTimeZone(after.getZone()));
    return q.getNextValidTimeAfter(Date.from(after.toInstant()))
        .toInstant()
        .atZone(after.getZone());
  }

  @Test
  void translatesFieldsMacrosAndDaysOfWeek() throws Exception {
    assertThat(QuartzCron.of("0 2 * * *")).isEqualTo("0 0 2 * * ?");
    assertThat(QuartzCron.of("*/5 * * * *")).isEqualTo("0 */5 * * * ?");
    assertThat(QuartzCron.of("@daily")).isEqualTo("0 0 0 * * ?");
    assertThat(QuartzCron.of("30 3 * * 1-5")).isEqualTo("0 30 3 ? * MON,TUE,WED,THU,FRI");
    assertThat(QuartzCron.of("0 0 * * 0")).endsWith("SUN");
    assertThat(QuartzCron.of("0 0 * * 7")).endsWith("SUN");
    assertThat(QuartzCron.of("0 0 * * */2")).endsWith("SUN,TUE,THU,SAT");
    assertThat(QuartzCron.of("0 0 1 * *")).isEqualTo("0 0 0 1 * ?");
  }

  @Test
  void firesWhenClassicCronWouldInTheGivenZone() throws Exception {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    ZonedDateTime friday = ZonedDateTime.of(2026, 11, 20, 12, 0, 0, 0, berlin);
    assertThat(next("0 2 * * *", friday)).isEqualTo(friday.withDayOfMonth(21).withHour(2));
    assertThat(next("30 3 * * 1-5", friday))
        .isEqualTo(friday.withDayOfMonth(23).withHour(3).withMinute(30));
    assertThat(next("0 0 * * 0", friday)).isEqualTo(friday.withDayOfMonth(22).withHour(0));
  }

  @Test
  void refusesWhatQuartzCannotMeanTheSame() {
    assertThatThrownBy(() -> QuartzCron.of("0 0 1 * MON"))
        .hasMessageContaining("both day-of-month and day-of-week");
    assertThatThrownBy(() -> QuartzCron.of("61 * * * *")).hasMessageContaining("minute");
  }
}
