package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * Scheduled DuckLake maintenance: expire old snapshots, merge small adjacent files, then delete
 * files nothing references any more (never one a retained backup still needs).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MaintenanceSpec {
  @Required
  @Pattern(BackupPolicy.SCHEDULE)
  @JsonPropertyDescription(
      "Five-field cron expression (in timeZone), a macro such as @weekly, or @every 24h.")
  private String schedule;

  @Default("UTC")
  @JsonPropertyDescription("IANA time zone the schedule is read in.")
  private String timeZone = "UTC";

  @Default("168h")
  @JsonPropertyDescription("Expire snapshots older than this (Go duration, e.g. 168h).")
  private String expireSnapshotsOlderThan = "168h";

  @Default("true")
  @JsonPropertyDescription("Merge adjacent small data files after expiring snapshots.")
  private Boolean mergeAdjacentFiles = true;

  @Default("168h")
  @JsonPropertyDescription(
      "Delete files unreferenced for longer than this (Go duration); never files a retained"
          + " backup still references.")
  private String cleanupFilesOlderThan = "168h";

  @Default("false")
  @JsonPropertyDescription("Only report what would be expired and deleted; change nothing.")
  private Boolean dryRun = false;

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public String getExpireSnapshotsOlderThan() {
    return expireSnapshotsOlderThan;
  }

  public void setExpireSnapshotsOlderThan(String expireSnapshotsOlderThan) {
    this.expireSnapshotsOlderThan = expireSnapshotsOlderThan;
  }

  public Boolean getMergeAdjacentFiles() {
    return mergeAdjacentFiles;
  }

  public void setMergeAdjacentFiles(Boolean mergeAdjacentFiles) {
    this.mergeAdjacentFiles = mergeAdjacentFiles;
  }

  public String getCleanupFilesOlderThan() {
    return cleanupFilesOlderThan;
  }

  public void setCleanupFilesOlderThan(String cleanupFilesOlderThan) {
    this.cleanupFilesOlderThan = cleanupFilesOlderThan;
  }

  public Boolean getDryRun() {
    return dryRun;
  }

  public void setDryRun(Boolean dryRun) {
    this.dryRun = dryRun;
  }
}
