package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Outcome of the last materialization run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MaterializationStatus {
  @JsonPropertyDescription("When the last run finished (RFC 3339).")
  private String lastRun;

  @JsonPropertyDescription("How long the last run took, e.g. 1.2s.")
  private String duration;

  @JsonPropertyDescription("Where the last run wrote its export.")
  private String outputPath;

  @JsonPropertyDescription("Rows the last run exported.")
  private Long rowCount;

  @JsonPropertyDescription("The spec.materializeTo.requestedAt value the last run served.")
  private String requestedAt;

  public String getRequestedAt() {
    return requestedAt;
  }

  public void setRequestedAt(String requestedAt) {
    this.requestedAt = requestedAt;
  }

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
