package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Whether workers expose Prometheus metrics, and on which port. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PoolMetricsSpec {
  @JsonPropertyDescription("Whether workers serve Prometheus metrics (not applied yet).")
  private Boolean enabled;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port the metrics would be served on.")
  private Integer port;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }
}
