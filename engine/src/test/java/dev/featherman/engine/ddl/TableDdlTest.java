package dev.featherman.engine.ddl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featherman.api.v1alpha1.ColumnSpec;
import dev.featherman.api.v1alpha1.DuckLakeTableSpec;
import dev.featherman.api.v1alpha1.TableFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DDL rendering from specs, and field-named rejection of invalid specs. */
class TableDdlTest {

  static DuckLakeTableSpec spec(String name, ColumnSpec... columns) {
    DuckLakeTableSpec spec = new DuckLakeTableSpec();
    spec.setCatalogRef("example");
    spec.setName(name);
    spec.setColumns(List.of(columns));
    return spec;
  }

  static ColumnSpec col(String name, String type) {
    return new ColumnSpec(name, type);
  }

  @Test
  void createsTableWithTypesConstraintsCommentsPartitioning() {
    ColumnSpec ts = col("ts", "timestamp");
    ts.setNullable(true);
    ts.setComment("when it's done");
    DuckLakeTableSpec spec = spec("events", col("id", "int"), ts, col("amount", "decimal(12,2)"));
    spec.setComment("all events");
    TableFormat format = new TableFormat();
    format.setPartitioning(List.of("year(ts)", "id"));
    spec.setFormat(format);
    assertThat(TableDdl.create("lake", spec))
        .containsExactly(
            "CREATE TABLE IF NOT EXISTS \"lake\".\"main\".\"events\" (\"id\" INTEGER NOT NULL, \"ts\" TIMESTAMP,"
                + " \"amount\" DECIMAL(12,2) NOT NULL)",
            "COMMENT ON TABLE \"lake\".\"main\".\"events\" IS 'all events'",
            "COMMENT ON COLUMN \"lake\".\"main\".\"events\".\"ts\" IS 'when it''s done'",
            "ALTER TABLE \"lake\".\"main\".\"events\" SET PARTITIONED BY (year(\"ts\"), \"id\")",
            "CALL \"lake\".set_option('parquet_compression', 'zstd', table_name => 'events')");
  }

  @Test
  void readmeTablePartitionedByMissingColumnIsRejectedWithFieldPath() {
    DuckLakeTableSpec spec = spec("users", col("id", "INTEGER"), col("name", "VARCHAR"));
    TableFormat format = new TableFormat();
    format.setPartitioning(List.of("created_at"));
    spec.setFormat(format);
    assertThatThrownBy(() -> TableDdl.create("lake", spec))
        .isInstanceOf(InvalidTableSpecException.class)
        .hasMessageStartingWith(
            "spec.format.partitioning[0]: 'created_at' is not a column of this table: add it to"
                + " spec.columns or remove it from spec.format.partitioning");
  }

  @Test
  void everyProblemIsReportedWithItsField() {
    DuckLakeTableSpec spec =
        spec(
            "bad name",
            col("id\"; DROP TABLE x; --", "INTEGER"),
            col("ok", "INTEGER); DROP"),
            col("ok", "INTEGER"));
    var e =
        (InvalidTableSpecException)
            org.assertj.core.api.Assertions.catchThrowable(() -> TableDdl.create("lake", spec));
    assertThat(e.problems()).hasSize(4);
    assertThat(e.problems().get(0)).startsWith("spec.name:");
    assertThat(e.problems().get(1)).startsWith("spec.columns[0].name:");
    assertThat(e.problems().get(2)).startsWith("spec.columns[1].type:");
    assertThat(e.problems().get(3))
        .startsWith("spec.columns[2].name: column 'ok' is declared twice");
  }
}
