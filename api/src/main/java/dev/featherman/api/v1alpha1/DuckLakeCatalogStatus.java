package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a catalog. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DuckLakeCatalogStatus extends FeathermanStatus {
  private CatalogPhase phase;

  @JsonPropertyDescription("Completion time of the last successful backup (RFC 3339).")
  private String lastBackup;

  @JsonPropertyDescription("Name of the last successful DuckLakeBackup.")
  private String lastBackupName;

  @JsonPropertyDescription("DATA_PATH the catalog writes to.")
  private String dataPath;

  @JsonPropertyDescription("Latest DuckLake snapshot id.")
  private Long snapshotId;

  private List<VersionEntry> versionHistory = new ArrayList<>();

  public CatalogPhase getPhase() {
    return phase;
  }

  public void setPhase(CatalogPhase phase) {
    this.phase = phase;
  }

  public String getLastBackup() {
    return lastBackup;
  }

  public void setLastBackup(String lastBackup) {
    this.lastBackup = lastBackup;
  }

  public String getLastBackupName() {
    return lastBackupName;
  }

  public void setLastBackupName(String lastBackupName) {
    this.lastBackupName = lastBackupName;
  }

  public String getDataPath() {
    return dataPath;
  }

  public void setDataPath(String dataPath) {
    this.dataPath = dataPath;
  }

  public Long getSnapshotId() {
    return snapshotId;
  }

  public void setSnapshotId(Long snapshotId) {
    this.snapshotId = snapshotId;
  }

  public List<VersionEntry> getVersionHistory() {
    return versionHistory;
  }

  public void setVersionHistory(List<VersionEntry> versionHistory) {
    this.versionHistory = versionHistory;
  }
}
