package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** How fast a pool scales (the Go operator's nested form). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalingBehavior {
  @Min(1)
  @JsonPropertyDescription("Most workers added per scale interval.")
  private Integer scaleUpRate;

  @Min(1)
  @JsonPropertyDescription("Most workers removed per scale interval.")
  private Integer scaleDownRate;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription("How often the autoscaler decides, e.g. 30s.")
  private String scaleInterval;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription("How long demand must stay low before workers are removed, e.g. 2m.")
  private String stabilizationWindow;

  public Integer getScaleUpRate() {
    return scaleUpRate;
  }

  public void setScaleUpRate(Integer scaleUpRate) {
    this.scaleUpRate = scaleUpRate;
  }

  public Integer getScaleDownRate() {
    return scaleDownRate;
  }

  public void setScaleDownRate(Integer scaleDownRate) {
    this.scaleDownRate = scaleDownRate;
  }

  public String getScaleInterval() {
    return scaleInterval;
  }

  public void setScaleInterval(String scaleInterval) {
    this.scaleInterval = scaleInterval;
  }

  public String getStabilizationWindow() {
    return stabilizationWindow;
  }

  public void setStabilizationWindow(String stabilizationWindow) {
    this.stabilizationWindow = stabilizationWindow;
  }
}
