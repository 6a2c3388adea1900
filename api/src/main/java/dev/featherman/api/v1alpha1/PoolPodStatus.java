package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One worker pod as seen by the pool-service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PoolPodStatus {
  @JsonPropertyDescription("Pod name.")
  private String name;

  @JsonPropertyDescription("Idle, Acquiring, Busy, Draining or Terminating.")
  private WorkerState state;

  @JsonPropertyDescription("When the worker last finished a query (RFC 3339).")
  private String lastUsed;

  @JsonPropertyDescription("Queries the worker has served.")
  private Long queryCount;

  @JsonPropertyDescription("When the pod was created (RFC 3339).")
  private String createdAt;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public WorkerState getState() {
    return state;
  }

  public void setState(WorkerState state) {
    this.state = state;
  }

  public String getLastUsed() {
    return lastUsed;
  }

  public void setLastUsed(String lastUsed) {
    this.lastUsed = lastUsed;
  }

  public Long getQueryCount() {
    return queryCount;
  }

  public void setQueryCount(Long queryCount) {
    this.queryCount = queryCount;
  }

  public String getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(String createdAt) {
    this.createdAt = createdAt;
  }
}
