package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a pool, mirrored from its workers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DuckLakePoolStatus extends FeathermanStatus {
  private PoolPhase phase;
  private Integer currentSize;
  private Integer desiredSize;
  private Integer idlePods;
  private Integer busyPods;
  private Integer queueLength;
  private List<PoolPodStatus> pods = new ArrayList<>();
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
