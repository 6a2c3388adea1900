package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** How many DuckLake snapshots to keep for time travel (Go API compatible). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VersioningSpec {
  @JsonPropertyDescription(
      "Whether to report recent snapshots in status.versionHistory (not applied yet).")
  private Boolean enabled;

  @Min(0)
  @JsonPropertyDescription("Number of versions to keep in status.versionHistory.")
  private Integer retention;

  @JsonPropertyDescription("Versioning strategy name (kept for compatibility).")
  private String strategy;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getRetention() {
    return retention;
  }

  public void setRetention(Integer retention) {
    this.retention = retention;
  }

  public String getStrategy() {
    return strategy;
  }

  public void setStrategy(String strategy) {
    this.strategy = strategy;
  }
}
