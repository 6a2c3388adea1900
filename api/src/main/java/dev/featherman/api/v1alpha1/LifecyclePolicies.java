package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** When workers are recycled (the Go operator's nested form). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LifecyclePolicies {
  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription("Remove workers idle longer than this, e.g. 5m.")
  private String maxIdleTime;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription("Recycle workers older than this, e.g. 1h.")
  private String maxLifetime;

  @Min(1)
  @JsonPropertyDescription("Recycle a worker after it served this many queries.")
  private Integer maxQueries;

  public String getMaxIdleTime() {
    return maxIdleTime;
  }

  public void setMaxIdleTime(String maxIdleTime) {
    this.maxIdleTime = maxIdleTime;
  }

  public String getMaxLifetime() {
    return maxLifetime;
  }

  public void setMaxLifetime(String maxLifetime) {
    this.maxLifetime = maxLifetime;
  }

  public Integer getMaxQueries() {
    return maxQueries;
  }

  public void setMaxQueries(Integer maxQueries) {
    this.maxQueries = maxQueries;
  }
}
