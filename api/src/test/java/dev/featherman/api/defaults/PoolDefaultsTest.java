package dev.featherman.api.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.types.GoDuration;
import dev.featherman.api.v1alpha1.DuckLakePoolSpec;
import dev.featherman.api.v1alpha1.LifecyclePolicies;
import dev.featherman.api.v1alpha1.PoolCatalogRef;
import dev.featherman.api.v1alpha1.ScalingBehavior;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The pool defaults live in one place: what admission writes into a pool is exactly what the
 * services assume for a pool admitted without it (the gateway and pool-service read resolved*).
 */
class PoolDefaultsTest {
  static final List<Function<DuckLakePoolSpec, Object>> RESOLVED =
      List.of(
          DuckLakePoolSpec::resolvedMinSize,
          DuckLakePoolSpec::resolvedMaxSize,
          DuckLakePoolSpec::resolvedTargetUtilization,
          DuckLakePoolSpec::resolvedMaxIdleTime,
          DuckLakePoolSpec::resolvedMaxLifetime,
          DuckLakePoolSpec::resolvedMaxQueries,
          DuckLakePoolSpec::resolvedScaleUpRate,
          DuckLakePoolSpec::resolvedScaleDownRate,
          DuckLakePoolSpec::resolvedScaleInterval,
          DuckLakePoolSpec::resolvedStabilizationWindow,
          DuckLakePoolSpec::resolvedMaxRetries,
          DuckLakePoolSpec::resolvedConcurrencyPerWorker,
          DuckLakePoolSpec::resolvedMaxQueryDuration,
          s -> s.resolvedQueue().resolvedMaxLength(),
          s -> s.resolvedQueue().resolvedMaxWaitTime());

  static DuckLakePoolSpec bare() {
    DuckLakePoolSpec spec = new DuckLakePoolSpec();
    PoolCatalogRef ref = new PoolCatalogRef();
    ref.setName("lake");
    spec.setCatalogRef(ref);
    return spec;
  }

  static List<Object> resolved(DuckLakePoolSpec spec) {
    return RESOLVED.stream().map(f -> f.apply(spec)).toList();
  }

  @Test
  void admissionWritesWhatTheServicesAssumeForTheFlatForm() {
    DuckLakePoolSpec defaulted = bare();
    Defaults.pool(defaulted);
    assertThat(resolved(defaulted)).isEqualTo(resolved(bare()));
  }

  @Test
  void andForTheNestedForm() {
    DuckLakePoolSpec nested = bare();
    nested.setLifecyclePolicies(new LifecyclePolicies());
    nested.setScalingBehavior(new ScalingBehavior());
    Defaults.pool(nested);
    assertThat(resolved(nested)).isEqualTo(resolved(bare()));
    assertThat(nested.getLifecyclePolicies().getMaxIdleTime()).isEqualTo("5m");
  }

  @Test
  void durationsAreWrittenOneWayAndNoQueryDurationIsInvented() {
    DuckLakePoolSpec flat = bare();
    Defaults.pool(flat);
    assertThat(flat.getMaxIdleTime()).isEqualTo("5m");
    assertThat(flat.getMaxLifetime()).isEqualTo("1h");
    assertThat(flat.getQueue().getMaxWaitTime()).isEqualTo("30s");
    assertThat(flat.getMaxQueryDuration()).isNull();
    assertThat(GoDuration.format(java.time.Duration.ofMillis(1500))).isEqualTo("1500ms");
  }
}
