package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a catalog. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DuckLakeCatalogStatus extends FeathermanStatus {
  /** The status fields the backup-service writes; the controller never sends them. */
  public static final java.util.Set<String> BACKUP_SERVICE_FIELDS =
      java.util.Set.of(
          "lastBackup",
          "lastBackupName",
          "lastSuccessfulBackup",
          "lastFailedBackup",
          "firstRecoverabilityPoint",
          "maintenance");

  @JsonPropertyDescription(
      "Pending, Running (being set up, restored or given way to a Job), Succeeded or Failed; the Ready condition says why.")
  private CatalogPhase phase;

  @JsonPropertyDescription("Completion time of the newest Completed backup (RFC 3339).")
  private String lastBackup;

  @JsonPropertyDescription("Name of the last successful DuckLakeBackup.")
  private String lastBackupName;

  @JsonPropertyDescription("Name of the newest Completed DuckLakeBackup.")
  private String lastSuccessfulBackup;

  @JsonPropertyDescription("Name of the newest Failed DuckLakeBackup.")
  private String lastFailedBackup;

  @JsonPropertyDescription(
      "Oldest point in time the catalog can be restored to from a retained backup (RFC 3339).")
  private String firstRecoverabilityPoint;

  @JsonPropertyDescription("Backup (name or object key) this catalog was restored from.")
  private String restoredFrom;

  @JsonPropertyDescription("Outcome of the last scheduled maintenance run.")
  private MaintenanceStatus maintenance;

  @JsonPropertyDescription("DATA_PATH the catalog writes to.")
  private String dataPath;

  @JsonPropertyDescription("Latest DuckLake snapshot id.")
  private Long snapshotId;

  @JsonPropertyDescription(
      "Recent snapshots, newest first (empty while spec.versioning is not applied).")
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

  public String getLastSuccessfulBackup() {
    return lastSuccessfulBackup;
  }

  public void setLastSuccessfulBackup(String lastSuccessfulBackup) {
    this.lastSuccessfulBackup = lastSuccessfulBackup;
  }

  public String getLastFailedBackup() {
    return lastFailedBackup;
  }

  public void setLastFailedBackup(String lastFailedBackup) {
    this.lastFailedBackup = lastFailedBackup;
  }

  public String getFirstRecoverabilityPoint() {
    return firstRecoverabilityPoint;
  }

  public void setFirstRecoverabilityPoint(String firstRecoverabilityPoint) {
    this.firstRecoverabilityPoint = firstRecoverabilityPoint;
  }

  public String getRestoredFrom() {
    return restoredFrom;
  }

  public void setRestoredFrom(String restoredFrom) {
    this.restoredFrom = restoredFrom;
  }

  public MaintenanceStatus getMaintenance() {
    return maintenance;
  }

  public void setMaintenance(MaintenanceStatus maintenance) {
    this.maintenance = maintenance;
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
