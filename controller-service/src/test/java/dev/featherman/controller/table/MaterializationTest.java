package dev.featherman.controller.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.Compression;
import dev.featherman.api.v1alpha1.DuckLakeTable;
import dev.featherman.api.v1alpha1.DuckLakeTableSpec;
import dev.featherman.api.v1alpha1.DuckLakeTableStatus;
import dev.featherman.api.v1alpha1.MaterializationStatus;
import dev.featherman.api.v1alpha1.MaterializeSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a table's export is due and what it writes: decisions only, no API server, no Job. */
class MaterializationTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:30Z");
  static final long RESYNC = 600_000;

  static DuckLakeTable table(MaterializeSpec m) {
    DuckLakeTable table = new DuckLakeTable();
    table.setMetadata(
        new ObjectMetaBuilder()
            .withName("trips")
            .withCreationTimestamp("2026-03-01T00:00:00Z")
            .build());
    DuckLakeTableSpec spec = new DuckLakeTableSpec();
    spec.setName("trips");
    spec.setMaterializeTo(m);
    table.setSpec(spec);
    return table;
  }

  static MaterializeSpec export(String schedule) {
    MaterializeSpec m = new MaterializeSpec();
    m.setSql("SELECT * FROM trips");
    m.setSchedule(schedule);
    MaterializeSpec.Destination d = new MaterializeSpec.Destination();
    d.setBucket("exports");
    m.setDestination(d);
    return m;
  }

  static Materialization.Plan plan(MaterializeSpec m, DuckLakeTableStatus status, long generation) {
    return Materialization.plan(table(m), status, generation, NOW, RESYNC);
  }

  @Test
  void withoutAScheduleEachSpecGenerationIsExportedOnce() {
    DuckLakeTableStatus status = new DuckLakeTableStatus();
    assertThat(plan(export(null), status, 3).slot()).isEqualTo("generation-3");
    Conditions.set(
        status,
        ConditionTypes.MATERIALIZED,
        true,
        ConditionReasons.RECONCILED,
        "exported",
        3L,
        Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(plan(export(null), status, 3).due()).isFalse();
    assertThat(plan(export(null), status, 4).slot()).isEqualTo("generation-4");
  }

  @Test
  void aScheduleRunsItsMissedSlotOnceAndOtherwiseWaitsForTheNext() {
    DuckLakeTableStatus status = new DuckLakeTableStatus();
    Materialization.Plan first = plan(export("0 * * * *"), status, 1);
    assertThat(first.slot()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(first.recheckMillis()).isEqualTo(3_600_000 - 30_000);

    MaterializationStatus done = new MaterializationStatus();
    done.setLastRun("2026-03-01T12:00:00Z");
    status.setMaterialization(done);
    Materialization.Plan waiting = plan(export("0 * * * *"), status, 1);
    assertThat(waiting.due()).isFalse();
    assertThat(waiting.recheckMillis()).as("the resync comes first").isEqualTo(RESYNC);
  }

  @Test
  void aNewRequestRunsNowWhateverTheScheduleSaysAndOnlyOnce() {
    MaterializeSpec m = export("0 0 1 1 *");
    m.setRequestedAt("2026-03-01T11:59:00Z");
    DuckLakeTableStatus status = new DuckLakeTableStatus();
    MaterializationStatus done = new MaterializationStatus();
    done.setLastRun("2026-03-01T00:00:00Z");
    status.setMaterialization(done);
    assertThat(plan(m, status, 1).slot()).isEqualTo("request-2026-03-01T11:59:00Z");
    done.setRequestedAt("2026-03-01T11:59:00Z");
    assertThat(plan(m, status, 1).due()).isFalse();
    assertThat(Materialization.lastRun(m, "request-x", done, NOW))
        .as("a requested run keeps the schedule's place")
        .isEqualTo("2026-03-01T00:00:00Z");
  }

  @Test
  void aDisabledExportNeverRuns() {
    MaterializeSpec m = export(null);
    m.setEnabled(false);
    assertThat(plan(m, new DuckLakeTableStatus(), 1).due()).isFalse();
    assertThat(Materialization.plan(table(null), new DuckLakeTableStatus(), 1L, NOW, RESYNC).due())
        .isFalse();
  }

  @Test
  void theExportGoesUnderThePrefixAsOneFileOrAPartitionedFolder() {
    MaterializeSpec m = export(null);
    assertThat(Materialization.operation(m, "trips", "s").path()).isEqualTo("trips.parquet");
    m.getDestination().setPrefix("views");
    assertThat(Materialization.operation(m, "trips", "s").path()).isEqualTo("views/trips.parquet");
    m.getDestination().setPrefix("views/");
    m.setName("daily");
    MaterializeSpec.MaterializeFormat format = new MaterializeSpec.MaterializeFormat();
    format.setPartitionBy(List.of("day"));
    format.setCompression(Compression.SNAPPY);
    m.setFormat(format);
    var op = Materialization.operation(m, "trips", "s");
    assertThat(op.path()).isEqualTo("views/daily/");
    assertThat(op.partitionBy()).containsExactly("day");
    assertThat(op.compression()).isEqualTo("snappy");
    assertThat(op.bucket()).isEqualTo("exports");
    assertThat(op.slot()).isEqualTo("s");
  }
}
