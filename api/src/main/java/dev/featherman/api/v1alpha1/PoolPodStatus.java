package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One worker pod as seen by the pool-service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PoolPodStatus {
  private String name;
  private WorkerState state;
  private String lastUsed;
  private Long queryCount;
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
