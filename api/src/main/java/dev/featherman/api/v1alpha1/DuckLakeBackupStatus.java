package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What a backup produced: where, how big, its checksum and the snapshot it captures. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DuckLakeBackupStatus extends FeathermanStatus {
  @JsonPropertyDescription("Pending, Running, Completed or Failed.")
  private BackupPhase phase;

  @JsonPropertyDescription("When the backup Job started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the backup finished, Completed or Failed (RFC 3339).")
  private String completedAt;

  @JsonPropertyDescription("Key of the backup's manifest in the catalog's bucket.")
  private String objectKey;

  @JsonPropertyDescription("Bytes uploaded: the metadata export and its manifest.")
  private Long sizeBytes;

  @JsonPropertyDescription("SHA-256 of the metadata export (hex).")
  private String sha256;

  @JsonPropertyDescription("DuckLake snapshot id the backup captures.")
  private Long snapshotId;

  @JsonPropertyDescription("Bucket holding the backup.")
  private String bucket;

  @JsonPropertyDescription(
      "When the catalog's export began; files unreferenced before it are safe.")
  private String exportStartedAt;

  @JsonPropertyDescription(
      "DuckDB version that wrote the export (a restore needs one that reads it).")
  private String duckdbVersion;

  @JsonPropertyDescription("DuckLake extension version that wrote the export.")
  private String ducklakeVersion;

  @JsonPropertyDescription("Why the backup failed, when it did.")
  private String error;

  public BackupPhase getPhase() {
    return phase;
  }

  public void setPhase(BackupPhase phase) {
    this.phase = phase;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getCompletedAt() {
    return completedAt;
  }

  public void setCompletedAt(String completedAt) {
    this.completedAt = completedAt;
  }

  public String getObjectKey() {
    return objectKey;
  }

  public void setObjectKey(String objectKey) {
    this.objectKey = objectKey;
  }

  public Long getSizeBytes() {
    return sizeBytes;
  }

  public void setSizeBytes(Long sizeBytes) {
    this.sizeBytes = sizeBytes;
  }

  public String getSha256() {
    return sha256;
  }

  public void setSha256(String sha256) {
    this.sha256 = sha256;
  }

  public Long getSnapshotId() {
    return snapshotId;
  }

  public void setSnapshotId(Long snapshotId) {
    this.snapshotId = snapshotId;
  }

  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error;
  }

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getExportStartedAt() {
    return exportStartedAt;
  }

  public void setExportStartedAt(String exportStartedAt) {
    this.exportStartedAt = exportStartedAt;
  }

  public String getDuckdbVersion() {
    return duckdbVersion;
  }

  public void setDuckdbVersion(String duckdbVersion) {
    this.duckdbVersion = duckdbVersion;
  }

  public String getDucklakeVersion() {
    return ducklakeVersion;
  }

  public void setDucklakeVersion(String ducklakeVersion) {
    this.ducklakeVersion = ducklakeVersion;
  }
}
