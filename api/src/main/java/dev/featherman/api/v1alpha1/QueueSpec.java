package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.featherman.api.types.GoDuration;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.time.Duration;

/** Bounds on queries waiting for a worker. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QueueSpec {
  public static final int DEFAULT_MAX_LENGTH = 100;
  public static final Duration DEFAULT_MAX_WAIT_TIME = Duration.ofSeconds(30);
  public static final String DEFAULT_POLICY = "fifo";

  @Min(0)
  @JsonPropertyDescription(
      "Queries that may wait for a worker on each gateway replica; more get 429. 100 when omitted.")
  private Integer maxLength;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "Longest a query waits for a free worker before 503, e.g. 30s (the default).")
  private String maxWaitTime;

  @Pattern("^fifo$")
  @JsonPropertyDescription("Order in which waiting queries get workers; only fifo.")
  private String policy;

  /** maxLength, defaulted. */
  public int resolvedMaxLength() {
    return maxLength == null ? DEFAULT_MAX_LENGTH : maxLength;
  }

  /** maxWaitTime, defaulted. */
  public Duration resolvedMaxWaitTime() {
    return GoDuration.parseOr(maxWaitTime, DEFAULT_MAX_WAIT_TIME);
  }

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
