package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a pool, mirrored from its workers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DuckLakePoolStatus extends FeathermanStatus {
  @JsonPropertyDescription("Pending, Running, Failed or Terminating; the Ready condition says why.")
  private PoolPhase phase;

  @JsonPropertyDescription("Worker pods that exist now.")
  private Integer currentSize;

  @JsonPropertyDescription("Worker pods the autoscaler wants.")
  private Integer desiredSize;

  @JsonPropertyDescription("Ready workers running no query.")
  private Integer idlePods;

  @JsonPropertyDescription("Workers running a query.")
  private Integer busyPods;

  @JsonPropertyDescription("Queries waiting for a worker, summed over the gateway replicas.")
  private Integer queueLength;

  @JsonPropertyDescription("Each worker pod and what it is doing.")
  private List<PoolPodStatus> pods = new ArrayList<>();

  @JsonPropertyDescription("When the pool last grew or shrank (RFC 3339).")
  private String lastScaleTime;

  public PoolPhase getPhase() {
    return phase;
  }

  public void setPhase(PoolPhase phase) {
    this.phase = phase;
  }

  public Integer getCurrentSize() {
    return currentSize;
  }

  public void setCurrentSize(Integer currentSize) {
    this.currentSize = currentSize;
  }

  public Integer getDesiredSize() {
    return desiredSize;
  }

  public void setDesiredSize(Integer desiredSize) {
    this.desiredSize = desiredSize;
  }

  public Integer getIdlePods() {
    return idlePods;
  }

  public void setIdlePods(Integer idlePods) {
    this.idlePods = idlePods;
  }

  public Integer getBusyPods() {
    return busyPods;
  }

  public void setBusyPods(Integer busyPods) {
    this.busyPods = busyPods;
  }

  public Integer getQueueLength() {
    return queueLength;
  }

  public void setQueueLength(Integer queueLength) {
    this.queueLength = queueLength;
  }

  public List<PoolPodStatus> getPods() {
    return pods;
  }

  public void setPods(List<PoolPodStatus> pods) {
    this.pods = pods;
  }

  public String getLastScaleTime() {
    return lastScaleTime;
  }

  public void setLastScaleTime(String lastScaleTime) {
    this.lastScaleTime = lastScaleTime;
  }
}
