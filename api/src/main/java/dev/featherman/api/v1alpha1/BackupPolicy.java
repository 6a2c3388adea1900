package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** When to back up a catalog and how long to keep the backups. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupPolicy {
  /** Five cron fields, or one of the @-macros; full checks happen in the webhook. */
  static final String CRON =
      "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\\S+\\s+){4}\\S+)$";

  /** {@link #CRON}, or {@code @every <Go duration>} for backups and maintenance. */
  static final String SCHEDULE =
      "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|@every [0-9a-z.µ]+|(\\S+\\s+){4}\\S+)$";

  @Required
  @Pattern(SCHEDULE)
  @JsonPropertyDescription(
      "Five-field cron expression (in timeZone), a macro such as @daily, or @every 6h; restrict"
          + " day-of-month or day-of-week, not both.")
  private String schedule;

  @Default("7")
  @Min(1)
  @Max(3650)
  @JsonPropertyDescription("Days to keep backups; older ones are deleted unless pinned.")
  private Integer retentionDays = 7;

  @Min(0)
  @Max(10000)
  @JsonPropertyDescription(
      "Always keep at least this many of the newest completed backups, however old they are.")
  private Integer keepLast;

  @Default("UTC")
  @JsonPropertyDescription("IANA time zone the schedule is read in, e.g. Europe/Berlin.")
  private String timeZone = "UTC";

  public Integer getKeepLast() {
    return keepLast;
  }

  public void setKeepLast(Integer keepLast) {
    this.keepLast = keepLast;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public Integer getRetentionDays() {
    return retentionDays;
  }

  public void setRetentionDays(Integer retentionDays) {
    this.retentionDays = retentionDays;
  }
}
