package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What each worker pod of a pool looks like. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PoolTemplate {
  @JsonPropertyDescription(
      "CPU and memory of each worker; the memory limit also sizes DuckDB's memory_limit.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Worker image; the chart's default worker image when omitted.")
  private String image;

  @Pattern("^(Always|IfNotPresent|Never)$")
  @JsonPropertyDescription("Always, IfNotPresent or Never; IfNotPresent when omitted.")
  private String imagePullPolicy;

  @JsonPropertyDescription(
      "Pod security context; it may tighten the defaults (non-root, RuntimeDefault seccomp) but"
          + " not lower them.")
  private PodSecurityContext securityContext;

  @JsonPropertyDescription("Node labels a worker pod must match to be scheduled.")
  private Map<String, String> nodeSelector = new LinkedHashMap<>();

  @JsonPropertyDescription("Taints the worker pods tolerate.")
  private List<Toleration> tolerations = new ArrayList<>();

  @JsonPropertyDescription("Node and pod affinity of the worker pods.")
  private Affinity affinity;

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getImagePullPolicy() {
    return imagePullPolicy;
  }

  public void setImagePullPolicy(String imagePullPolicy) {
    this.imagePullPolicy = imagePullPolicy;
  }

  public PodSecurityContext getSecurityContext() {
    return securityContext;
  }

  public void setSecurityContext(PodSecurityContext securityContext) {
    this.securityContext = securityContext;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public Affinity getAffinity() {
    return affinity;
  }

  public void setAffinity(Affinity affinity) {
    this.affinity = affinity;
  }
}
