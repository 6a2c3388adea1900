package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The outcome of the last scheduled maintenance run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MaintenanceStatus {
  @JsonPropertyDescription("When the last run finished (RFC 3339).")
  private String lastRun;

  @JsonPropertyDescription("Succeeded or Failed.")
  private String result;

  @JsonPropertyDescription("Whether the last run only reported what it would delete.")
  private Boolean dryRun;

  @JsonPropertyDescription("Snapshots expired by the last run.")
  private Long snapshotsExpired;

  @JsonPropertyDescription("Small data files merged into larger ones by the last run.")
  private Long filesMerged;

  @JsonPropertyDescription("Files deleted (or, in a dry run, that would be deleted).")
  private Long filesDeleted;

  @JsonPropertyDescription("Files unreferenced before this time were eligible for deletion.")
  private String cleanupCutoff;

  @JsonPropertyDescription("What the last run did, or why it failed.")
  private String message;

  public String getLastRun() {
    return lastRun;
  }

  public void setLastRun(String lastRun) {
    this.lastRun = lastRun;
  }

  public String getResult() {
    return result;
  }

  public void setResult(String result) {
    this.result = result;
  }

  public Boolean getDryRun() {
    return dryRun;
  }

  public void setDryRun(Boolean dryRun) {
    this.dryRun = dryRun;
  }

  public Long getSnapshotsExpired() {
    return snapshotsExpired;
  }

  public void setSnapshotsExpired(Long snapshotsExpired) {
    this.snapshotsExpired = snapshotsExpired;
  }

  public Long getFilesMerged() {
    return filesMerged;
  }

  public void setFilesMerged(Long filesMerged) {
    this.filesMerged = filesMerged;
  }

  public Long getFilesDeleted() {
    return filesDeleted;
  }

  public void setFilesDeleted(Long filesDeleted) {
    this.filesDeleted = filesDeleted;
  }

  public String getCleanupCutoff() {
    return cleanupCutoff;
  }

  public void setCleanupCutoff(String cleanupCutoff) {
    this.cleanupCutoff = cleanupCutoff;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
