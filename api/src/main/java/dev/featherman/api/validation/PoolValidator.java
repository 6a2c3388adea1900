package dev.featherman.api.validation;

import dev.featherman.api.types.GoDuration;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.v1alpha1.DuckLakePoolSpec;
import java.time.Duration;
import java.util.Optional;

/** Rules for DuckLakePool specs, shared by the webhook and the pool-service. */
public final class PoolValidator {
  private PoolValidator() {}

  /**
   * @param spec the new spec
   * @param old the current spec on update, or null on create
   * @param catalog the referenced catalog's spec, empty when it does not exist (yet)
   */
  public static Validation validate(
      DuckLakePoolSpec spec, DuckLakePoolSpec old, Optional<DuckLakeCatalogSpec> catalog) {
    return validate(spec, old, catalog, ImagePolicy.any());
  }

  /** As {@link #validate(DuckLakePoolSpec, DuckLakePoolSpec, Optional)}, with an image policy. */
  public static Validation validate(
      DuckLakePoolSpec spec,
      DuckLakePoolSpec old,
      Optional<DuckLakeCatalogSpec> catalog,
      ImagePolicy images) {
    return SchemaRules.check(spec, "spec", rules(spec, old, catalog, images));
  }

  private static Validation rules(
      DuckLakePoolSpec spec,
      DuckLakePoolSpec old,
      Optional<DuckLakeCatalogSpec> catalog,
      ImagePolicy images) {
    Validation v = new Validation();
    if (spec == null) {
      return v.error("spec", "is required");
    }
    String catalogName = spec.getCatalogRef() == null ? null : spec.getCatalogRef().getName();
    if (catalogName == null || catalogName.isBlank()) {
      v.error(
          "spec.catalogRef.name", "is required: the DuckLakeCatalog whose queries the pool serves");
    } else {
      K8sNames.checkObjectName(catalogName, "spec.catalogRef.name", v);
    }
    if (spec.getTemplate() != null) {
      PodSecurity.check(
          spec.getTemplate().getSecurityContext(), "spec.template.securityContext", v);
      K8sNames.checkImage(spec.getTemplate().getImage(), "spec.template.image", v);
      images.check(spec.getTemplate().getImage(), "spec.template.image", v);
      K8sNames.checkPullPolicy(
          spec.getTemplate().getImagePullPolicy(), "spec.template.imagePullPolicy", v);
    }
    if (spec.getMinSize() != null && spec.getMinSize() < 0) {
      v.error("spec.minSize", "must be 0 or more");
    }
    if (spec.getMaxSize() != null && spec.getMaxSize() < 1) {
      v.error("spec.maxSize", "must be at least 1");
    }
    if (spec.getMinSize() != null
        && spec.getMaxSize() != null
        && spec.getMinSize() > spec.getMaxSize()) {
      v.error(
          "spec.minSize",
          "(" + spec.getMinSize() + ") must not exceed spec.maxSize (" + spec.getMaxSize() + ")");
    }
    Double u = spec.getTargetUtilization();
    if (u != null && (u <= 0 || u > 1)) {
      v.error("spec.targetUtilization", u + " must be above 0 and at most 1, e.g. 0.8");
    }
    duration(v, "spec.maxIdleTime", spec.getMaxIdleTime());
    duration(v, "spec.maxLifetime", spec.getMaxLifetime());
    duration(v, "spec.stabilizationWindow", spec.getStabilizationWindow());
    duration(v, "spec.maxQueryDuration", spec.getMaxQueryDuration());
    Duration interval = duration(v, "spec.scaleInterval", spec.getScaleInterval());
    if (interval != null && interval.compareTo(Duration.ofSeconds(1)) < 0) {
      v.error("spec.scaleInterval", "must be at least 1s");
    }
    if (spec.getLifecyclePolicies() != null) {
      duration(
          v, "spec.lifecyclePolicies.maxIdleTime", spec.getLifecyclePolicies().getMaxIdleTime());
      duration(
          v, "spec.lifecyclePolicies.maxLifetime", spec.getLifecyclePolicies().getMaxLifetime());
    }
    if (spec.getScalingBehavior() != null) {
      duration(
          v, "spec.scalingBehavior.scaleInterval", spec.getScalingBehavior().getScaleInterval());
      duration(
          v,
          "spec.scalingBehavior.stabilizationWindow",
          spec.getScalingBehavior().getStabilizationWindow());
    }
    if (spec.getMetrics() != null && Boolean.TRUE.equals(spec.getMetrics().getEnabled())) {
      v.warn(
          "spec.metrics",
          "not applied yet: workers export no Prometheus metrics; the gateway's and the"
              + " pool-service's /actuator/prometheus cover the pool's queries, queue and workers");
    }
    if (spec.getQueue() != null) {
      duration(v, "spec.queue.maxWaitTime", spec.getQueue().getMaxWaitTime());
      if (spec.getQueue().getPolicy() != null && !spec.getQueue().getPolicy().equals("fifo")) {
        v.error(
            "spec.queue.policy",
            "'" + spec.getQueue().getPolicy() + "' is not supported; use fifo");
      }
    }
    if (catalogName != null && !catalogName.isBlank()) {
      if (catalog.isEmpty()) {
        v.warn(
            "spec.catalogRef.name",
            "DuckLakeCatalog '"
                + catalogName
                + "' does not exist yet; the pool stays"
                + " Pending until it does");
      } else if ((catalog.get().getBackend() == null
              || catalog.get().getBackend() == CatalogBackend.duckdb)
          && !Boolean.TRUE.equals(spec.getCatalogRef().getReadOnly())
          && (spec.resolvedMaxSize() > 1 || spec.resolvedMinSize() > 1)) {
        v.error(
            spec.getMaxSize() != null && spec.getMaxSize() > 1 ? "spec.maxSize" : "spec.minSize",
            "catalog '"
                + catalogName
                + "' keeps its metadata in a DuckDB file, which one process may open for writing"
                + " or many for reading: set catalogRef.readOnly: true for more than one worker"
                + " (writes then run in Jobs while the pool pauses), or minSize and maxSize to at"
                + " most 1, or move the catalog to backend sqlite or postgres");
      }
    }
    if (old != null && old.getCatalogRef() != null && spec.getCatalogRef() != null) {
      v.immutable(
          "spec.catalogRef.name", old.getCatalogRef().getName(), spec.getCatalogRef().getName());
    }
    return v;
  }

  private static Duration duration(Validation v, String field, String text) {
    if (text == null) {
      return null;
    }
    try {
      return GoDuration.parse(text);
    } catch (IllegalArgumentException e) {
      v.error(field, e.getMessage());
      return null;
    }
  }
}
