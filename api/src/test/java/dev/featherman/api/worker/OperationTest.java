package dev.featherman.api.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featherman.api.v1alpha1.ColumnSpec;
import dev.featherman.api.v1alpha1.DuckLakeTableSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Operations written as the worker reads them, byte for byte as the control plane wrote them by
 * hand before: a Job's name is a hash of this JSON, so a change would re-run finished operations
 * after an upgrade.
 */
class OperationTest {
  @Test
  void everyOperationKeepsItsWireForm() {
    assertThat(new Operation.Initialize().toJson()).isEqualTo("{\"type\":\"initialize\"}");
    assertThat(new Operation.DestroyCatalog().toJson()).isEqualTo("{\"type\":\"destroyCatalog\"}");
    assertThat(new Operation.DropTable("users").toJson())
        .isEqualTo("{\"type\":\"dropTable\",\"name\":\"users\"}");
    assertThat(new Operation.Restore("lake", "backups/x/manifest.json").toJson())
        .isEqualTo(
            "{\"type\":\"restore\",\"bucket\":\"lake\",\"manifestKey\":\"backups/x/manifest.json\"}");
    assertThat(new Operation.Backup("lake", "backups/ns/c/b/", "b", "ns", 8388608L).toJson())
        .isEqualTo(
            "{\"type\":\"backup\",\"bucket\":\"lake\",\"folder\":\"backups/ns/c/b/\","
                + "\"backupId\":\"b\",\"namespace\":\"ns\",\"partSizeBytes\":8388608}");
    assertThat(new Operation.Maintain("2026-01-01T00:00:00Z", true, null, false, "s1").toJson())
        .isEqualTo(
            "{\"type\":\"maintain\",\"expireOlderThan\":\"2026-01-01T00:00:00Z\","
                + "\"mergeAdjacentFiles\":true,\"dryRun\":false,\"slot\":\"s1\","
                + "\"cleanupOlderThan\":null}");
    assertThat(
            new Operation.Materialize("SELECT 1", "lake", "out/", "zstd", List.of("day"), "s2")
                .toJson())
        .isEqualTo(
            "{\"type\":\"materialize\",\"sql\":\"SELECT 1\",\"bucket\":\"lake\",\"path\":\"out/\","
                + "\"compression\":\"zstd\",\"slot\":\"s2\",\"partitionBy\":[\"day\"]}");
    assertThat(new Operation.RunSql("SELECT 1").toJson())
        .isEqualTo("{\"type\":\"sql\",\"sql\":\"SELECT 1\"}");
  }

  @Test
  void aTableIsWrittenAsItsSpec() throws Exception {
    DuckLakeTableSpec spec = new DuckLakeTableSpec();
    spec.setCatalogRef("example");
    spec.setName("users");
    ColumnSpec id = new ColumnSpec();
    id.setName("id");
    id.setType("INTEGER");
    spec.setColumns(List.of(id));
    assertThat(new Operation.ApplyTable(spec).toJson())
        .isEqualTo(
            "{\"type\":\"applyTable\",\"table\":"
                + new ObjectMapper().writeValueAsString(spec)
                + "}");
  }

  @Test
  void theWorkerReadsBackWhatWasWrittenAndIgnoresWhatItDoesNotKnow() throws Exception {
    List<Operation> all =
        List.of(
            new Operation.Initialize(),
            new Operation.DropTable("users"),
            new Operation.Backup("lake", "f/", "b", "ns", null),
            new Operation.Maintain(null, false, "2026-01-01T00:00:00Z", true, "s"),
            new Operation.Materialize("SELECT 1", "lake", "o.parquet", "zstd", List.of(), "s"),
            new Operation.RunSql("SELECT 1"));
    for (Operation op : all) {
      assertThat(Operation.fromJson(op.toJson())).isEqualTo(op);
    }
    assertThat(Operation.fromJson("{\"type\":\"dropTable\",\"name\":\"t\",\"addedLater\":1}"))
        .isEqualTo(new Operation.DropTable("t"));
  }
}
