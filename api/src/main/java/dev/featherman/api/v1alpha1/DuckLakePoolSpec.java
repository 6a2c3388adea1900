package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.featherman.api.types.GoDuration;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.time.Duration;

/**
 * Desired state of a warm worker pool. Accepts both the README's flat fields and the Go operator's
 * nested lifecyclePolicies/scalingBehavior; the flat field wins when both are set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DuckLakePoolSpec {
  public static final int DEFAULT_MIN_SIZE = 1;
  public static final int DEFAULT_MAX_SIZE = 5;
  public static final double DEFAULT_TARGET_UTILIZATION = 0.8;
  public static final Duration DEFAULT_MAX_IDLE_TIME = Duration.ofMinutes(5);
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(1);
  public static final int DEFAULT_MAX_QUERIES = 100;
  public static final int DEFAULT_SCALE_UP_RATE = 2;
  public static final int DEFAULT_SCALE_DOWN_RATE = 1;
  public static final Duration DEFAULT_SCALE_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_STABILIZATION_WINDOW = Duration.ofMinutes(2);
  public static final int DEFAULT_MAX_RETRIES = 3;
  public static final int DEFAULT_CONCURRENCY_PER_WORKER = 1;

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("Workers kept running even when idle; 1 when omitted.")
  private Integer minSize;

  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "Most workers the autoscaler starts; 5 when omitted (at most 1 for a duckdb-file catalog).")
  private Integer maxSize;

  @Min(value = 0, inclusive = false)
  @Max(1)
  @JsonPropertyDescription("Busy/total ratio the autoscaler aims for, in (0, 1].")
  private Double targetUtilization;

  @JsonPropertyDescription(
      "How each worker pod is made: image, resources, security context, scheduling.")
  private PoolTemplate template;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription("Remove workers idle longer than this (never below minSize).")
  private String maxIdleTime;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription("Recycle workers older than this.")
  private String maxLifetime;

  @Min(1)
  @JsonPropertyDescription("Recycle a worker after it served this many queries.")
  private Integer maxQueries;

  @Min(1)
  @JsonPropertyDescription("Most workers added per scale interval; 2 when omitted.")
  private Integer scaleUpRate;

  @Min(1)
  @JsonPropertyDescription("Most workers removed per scale interval; 1 when omitted.")
  private Integer scaleDownRate;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription("How often the autoscaler decides, e.g. 30s (the default).")
  private String scaleInterval;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "How long demand must stay low before workers are removed; 2m when omitted.")
  private String stabilizationWindow;

  @JsonPropertyDescription(
      "The Go operator's nested form of maxIdleTime, maxLifetime and maxQueries; the flat fields win.")
  private LifecyclePolicies lifecyclePolicies;

  @JsonPropertyDescription(
      "The Go operator's nested form of the scaling fields; the flat fields win.")
  private ScalingBehavior scalingBehavior;

  @JsonPropertyDescription(
      "Prometheus metrics of the workers (admitted with a warning: not applied yet).")
  private PoolMetricsSpec metrics;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "Longest a statement may run on this pool's workers (e.g. 60s); unset, the gateway's own"
          + " timeout alone applies, as it does when it is shorter. A statement past it is stopped"
          + " and answered 504.")
  private String maxQueryDuration;

  @Min(0)
  @Max(10)
  @JsonPropertyDescription(
      "Other workers a read is tried on when its worker fails before streaming; 3 when omitted.")
  private Integer maxRetries;

  @JsonPropertyDescription("Bounds on queries waiting for a free worker.")
  private QueueSpec queue;

  @Min(1)
  @Max(64)
  @JsonPropertyDescription("Queries one worker runs at once (1 = exclusive use per query).")
  private Integer concurrencyPerWorker;

  @Required
  @JsonPropertyDescription("The DuckLakeCatalog (same namespace) the workers attach.")
  private PoolCatalogRef catalogRef;

  /** minSize, defaulted. */
  public int resolvedMinSize() {
    return minSize == null ? DEFAULT_MIN_SIZE : minSize;
  }

  /** maxSize, defaulted and never below minSize. */
  public int resolvedMaxSize() {
    return Math.max(resolvedMinSize(), maxSize == null ? DEFAULT_MAX_SIZE : maxSize);
  }

  /** targetUtilization, defaulted. */
  public double resolvedTargetUtilization() {
    return targetUtilization == null ? DEFAULT_TARGET_UTILIZATION : targetUtilization;
  }

  /** maxIdleTime from the flat field, else the nested policy, else 5m. */
  public Duration resolvedMaxIdleTime() {
    String nested = lifecyclePolicies == null ? null : lifecyclePolicies.getMaxIdleTime();
    return GoDuration.parseOr(first(maxIdleTime, nested), DEFAULT_MAX_IDLE_TIME);
  }

  /** maxLifetime from the flat field, else the nested policy, else 1h. */
  public Duration resolvedMaxLifetime() {
    String nested = lifecyclePolicies == null ? null : lifecyclePolicies.getMaxLifetime();
    return GoDuration.parseOr(first(maxLifetime, nested), DEFAULT_MAX_LIFETIME);
  }

  /** maxQueries from the flat field, else the nested policy, else 100. */
  public int resolvedMaxQueries() {
    Integer nested = lifecyclePolicies == null ? null : lifecyclePolicies.getMaxQueries();
    return first(maxQueries, nested, DEFAULT_MAX_QUERIES);
  }

  /** scaleUpRate from the flat field, else the nested behaviour, else 2. */
  public int resolvedScaleUpRate() {
    Integer nested = scalingBehavior == null ? null : scalingBehavior.getScaleUpRate();
    return first(scaleUpRate, nested, DEFAULT_SCALE_UP_RATE);
  }

  /** scaleDownRate from the flat field, else the nested behaviour, else 1. */
  public int resolvedScaleDownRate() {
    Integer nested = scalingBehavior == null ? null : scalingBehavior.getScaleDownRate();
    return first(scaleDownRate, nested, DEFAULT_SCALE_DOWN_RATE);
  }

  /** scaleInterval from the flat field, else the nested behaviour, else 30s. */
  public Duration resolvedScaleInterval() {
    String nested = scalingBehavior == null ? null : scalingBehavior.getScaleInterval();
    return GoDuration.parseOr(first(scaleInterval, nested), DEFAULT_SCALE_INTERVAL);
  }

  /** stabilizationWindow from the flat field, else the nested behaviour, else 2m. */
  public Duration resolvedStabilizationWindow() {
    String nested = scalingBehavior == null ? null : scalingBehavior.getStabilizationWindow();
    return GoDuration.parseOr(first(stabilizationWindow, nested), DEFAULT_STABILIZATION_WINDOW);
  }

  /** maxRetries, defaulted. */
  public int resolvedMaxRetries() {
    return maxRetries == null ? DEFAULT_MAX_RETRIES : maxRetries;
  }

  /** concurrencyPerWorker, defaulted. */
  public int resolvedConcurrencyPerWorker() {
    return concurrencyPerWorker == null ? DEFAULT_CONCURRENCY_PER_WORKER : concurrencyPerWorker;
  }

  /** The queue's bounds, defaulted. */
  public QueueSpec resolvedQueue() {
    return queue == null ? new QueueSpec() : queue;
  }

  /** maxQueryDuration, or null when the pool sets none (zero counts as none). */
  public Duration resolvedMaxQueryDuration() {
    Duration limit = GoDuration.parseOr(maxQueryDuration, null);
    return limit == null || limit.isZero() ? null : limit;
  }

  private static String first(String flat, String nested) {
    return flat != null ? flat : nested;
  }

  private static int first(Integer flat, Integer nested, int fallback) {
    return flat != null ? flat : nested != null ? nested : fallback;
  }

  public Integer getMinSize() {
    return minSize;
  }

  public void setMinSize(Integer minSize) {
    this.minSize = minSize;
  }

  public Integer getMaxSize() {
    return maxSize;
  }

  public void setMaxSize(Integer maxSize) {
    this.maxSize = maxSize;
  }

  public Double getTargetUtilization() {
    return targetUtilization;
  }

  public void setTargetUtilization(Double targetUtilization) {
    this.targetUtilization = targetUtilization;
  }

  public PoolTemplate getTemplate() {
    return template;
  }

  public void setTemplate(PoolTemplate template) {
    this.template = template;
  }

  public String getMaxIdleTime() {
    return maxIdleTime;
  }

  public void setMaxIdleTime(String maxIdleTime) {
    this.maxIdleTime = maxIdleTime;
  }

  public String getMaxLifetime() {
    return maxLifetime;
  }

  public void setMaxLifetime(String maxLifetime) {
    this.maxLifetime = maxLifetime;
  }

  public Integer getMaxQueries() {
    return maxQueries;
  }

  public void setMaxQueries(Integer maxQueries) {
    this.maxQueries = maxQueries;
  }

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

  public LifecyclePolicies getLifecyclePolicies() {
    return lifecyclePolicies;
  }

  public void setLifecyclePolicies(LifecyclePolicies lifecyclePolicies) {
    this.lifecyclePolicies = lifecyclePolicies;
  }

  public ScalingBehavior getScalingBehavior() {
    return scalingBehavior;
  }

  public void setScalingBehavior(ScalingBehavior scalingBehavior) {
    this.scalingBehavior = scalingBehavior;
  }

  public PoolMetricsSpec getMetrics() {
    return metrics;
  }

  public void setMetrics(PoolMetricsSpec metrics) {
    this.metrics = metrics;
  }

  public String getMaxQueryDuration() {
    return maxQueryDuration;
  }

  public void setMaxQueryDuration(String maxQueryDuration) {
    this.maxQueryDuration = maxQueryDuration;
  }

  public Integer getMaxRetries() {
    return maxRetries;
  }

  public void setMaxRetries(Integer maxRetries) {
    this.maxRetries = maxRetries;
  }

  public QueueSpec getQueue() {
    return queue;
  }

  public void setQueue(QueueSpec queue) {
    this.queue = queue;
  }

  public Integer getConcurrencyPerWorker() {
    return concurrencyPerWorker;
  }

  public void setConcurrencyPerWorker(Integer concurrencyPerWorker) {
    this.concurrencyPerWorker = concurrencyPerWorker;
  }

  public PoolCatalogRef getCatalogRef() {
    return catalogRef;
  }

  public void setCatalogRef(PoolCatalogRef catalogRef) {
    this.catalogRef = catalogRef;
  }
}
