package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Outcome of the last materialization run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MaterializationStatus {
  private String lastRun;
  private String duration;
  private String outputPath;
  private Long rowCount;

  public String getLastRun() {
    return lastRun;
  }

  public void setLastRun(String lastRun) {
    this.lastRun = lastRun;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public String getOutputPath() {
    return outputPath;
  }

  public void setOutputPath(String outputPath) {
    this.outputPath = outputPath;
  }

  public Long getRowCount() {
    return rowCount;
  }

  public void setRowCount(Long rowCount) {
    this.rowCount = rowCount;
  }
}
