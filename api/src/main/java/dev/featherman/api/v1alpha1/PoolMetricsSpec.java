package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Whether workers expose Prometheus metrics, and on which port. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PoolMetricsSpec {
  private Boolean enabled;

  @Min(1)
  @Max(65535)
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
