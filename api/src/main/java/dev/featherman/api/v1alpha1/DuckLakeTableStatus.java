package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a table, read back from DuckLake. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DuckLakeTableStatus extends FeathermanStatus {
  @JsonPropertyDescription(
      "Pending (being created or changed), Succeeded or Failed; the Ready condition says why.")
  private TablePhase phase;

  @JsonPropertyDescription("DuckLake snapshot id at which the spec was last applied.")
  private Long lastAppliedSnapshot;

  @JsonPropertyDescription("Latest DuckLake snapshot id of the catalog when last observed.")
  private Long snapshotId;

  @JsonPropertyDescription("Rows in the table at the last reconcile.")
  private Long rowCount;

  @JsonPropertyDescription("Total size of the table's data files in bytes.")
  private Long bytesWritten;

  @JsonPropertyDescription("Parquet data files the table holds.")
  private Long dataFiles;

  @JsonPropertyDescription("When the table last changed (RFC 3339).")
  private String lastModified;

  @JsonPropertyDescription("Outcome of the last materialization run.")
  private MaterializationStatus materialization;

  @JsonPropertyDescription(
      "Snapshots at which the controller applied this table's spec (id and when), newest first;"
          + " at most 10.")
  private List<VersionEntry> versionHistory = new ArrayList<>();

  public TablePhase getPhase() {
    return phase;
  }

  public void setPhase(TablePhase phase) {
    this.phase = phase;
  }

  public Long getLastAppliedSnapshot() {
    return lastAppliedSnapshot;
  }

  public void setLastAppliedSnapshot(Long lastAppliedSnapshot) {
    this.lastAppliedSnapshot = lastAppliedSnapshot;
  }

  public Long getSnapshotId() {
    return snapshotId;
  }

  public void setSnapshotId(Long snapshotId) {
    this.snapshotId = snapshotId;
  }

  public Long getRowCount() {
    return rowCount;
  }

  public void setRowCount(Long rowCount) {
    this.rowCount = rowCount;
  }

  public Long getBytesWritten() {
    return bytesWritten;
  }

  public void setBytesWritten(Long bytesWritten) {
    this.bytesWritten = bytesWritten;
  }

  public Long getDataFiles() {
    return dataFiles;
  }

  public void setDataFiles(Long dataFiles) {
    this.dataFiles = dataFiles;
  }

  public String getLastModified() {
    return lastModified;
  }

  public void setLastModified(String lastModified) {
    this.lastModified = lastModified;
  }

  public MaterializationStatus getMaterialization() {
    return materialization;
  }

  public void setMaterialization(MaterializationStatus materialization) {
    this.materialization = materialization;
  }

  public List<VersionEntry> getVersionHistory() {
    return versionHistory;
  }

  public void setVersionHistory(List<VersionEntry> versionHistory) {
    this.versionHistory = versionHistory;
  }
}
