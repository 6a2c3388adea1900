package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Bounds on queries waiting for a worker. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QueueSpec {
  @Min(0)
  private Integer maxLength;

  @Pattern(Patterns.DURATION)
  private String maxWaitTime;

  @Pattern("^fifo$")
  private String policy;

  public Integer getMaxLength() {
    return maxLength;
  }

  public void setMaxLength(Integer maxLength) {
    this.maxLength = maxLength;
  }

  public String getMaxWaitTime() {
    return maxWaitTime;
  }

  public void setMaxWaitTime(String maxWaitTime) {
    this.maxWaitTime = maxWaitTime;
  }

  public String getPolicy() {
    return policy;
  }

  public void setPolicy(String policy) {
    this.policy = policy;
  }
}
