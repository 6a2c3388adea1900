package dev.featherman.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featherman.api.schema.LiveColumn;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.ColumnSpec;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.v1alpha1.DuckLakeTableSpec;
import dev.featherman.api.v1alpha1.TableFormat;
import dev.featherman.engine.connect.LakeConfig;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.connect.LakeSessionFactory;
import dev.featherman.engine.ddl.TableInspector;
import dev.featherman.engine.ddl.TablePlanner;
import dev.featherman.engine.ddl.UnsupportedSchemaChangeException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * One DuckLake per metadata backend (DuckDB file, SQLite, PostgreSQL), data files in the in-JVM S3
 * server: create from a spec, load a million rows, check exact aggregates, evolve the schema, and
 * read the earlier snapshot back with time travel.
 */
class DuckLakeBackendsIT {
  static final long ROWS = 1_000_000;
  static final LocalDateTime START = LocalDateTime.of(2024, 6, 1, 0, 0);

  @TempDir Path dir;

  static ColumnSpec col(String name, String type, boolean nullable) {
    ColumnSpec c = new ColumnSpec(name, type);
    c.setNullable(nullable);
    return c;
  }

  static DuckLakeTableSpec tripsSpec() {
    DuckLakeTableSpec spec = new DuckLakeTableSpec();
    spec.setCatalogRef("example");
    spec.setName("trips");
    spec.setComment("synthetic taxi trips");
    spec.setColumns(
        new ArrayList<>(
            List.of(
                col("id", "BIGINT", false),
                col("pickup", "TIMESTAMP", false),
                col("distance", "DOUBLE", true),
                col("fare", "DECIMAL(10,2)", false),
                col("vendor", "VARCHAR", true),
                col("passengers", "INTEGER", true))));
    TableFormat format = new TableFormat();
    format.setPartitioning(List.of("year(pickup)"));
    spec.setFormat(format);
    return spec;
  }

  @ParameterizedTest
  @EnumSource(CatalogBackend.class)
  void createLoadEvolveAndTimeTravel(CatalogBackend backend) throws Exception {
    DuckLakeCatalogSpec catalog = TestingLakes.spec(backend, "lake-" + backend);
    LakeConfig config = TestingLakes.config("lake", catalog, dir);
    LakeSessionFactory factory = new LakeSessionFactory(EngineSettings.defaults());
    DuckLakeTableSpec spec = tripsSpec();
    long beforeEvolution;

    try (LakeSession session = factory.open(config)) {
      assertThat(TablePlanner.apply(session, spec)).isNotEmpty();
      assertThat(TablePlanner.plan(session, spec).isEmpty()).as("second plan is a no-op").isTrue();
      session.execute(
          "INSERT INTO trips SELECT i, TIMESTAMP '2024-06-01' + to_minutes(i), (i % 100)::DOUBLE,"
              + " ((i % 1000) / 100)::DECIMAL(10,2), CASE WHEN i % 10 = 0 THEN NULL ELSE 'v' || (i % 3) END,"
              + " (i % 4)::INTEGER FROM range("
              + ROWS
              + ") t(i)");
      assertAggregates(session, "trips");
      beforeEvolution = session.currentSnapshot();
    }

    assertThat(dataObjects(catalog)).as("parquet files written through S3").isNotEmpty();

    try (LakeSession session = factory.open(config)) {
      assertAggregates(session, "trips");
      spec.getColumns().removeIf(c -> c.getName().equals("distance"));
      spec.getColumns().stream()
          .filter(c -> c.getName().equals("passengers"))
          .findFirst()
          .orElseThrow()
          .setType("BIGINT");
      ColumnSpec vendor =
          spec.getColumns().stream()
              .filter(c -> c.getName().equals("vendor"))
              .findFirst()
              .orElseThrow();
      vendor.setName("vendor_id");
      vendor.setRenamedFrom("vendor");
      spec.getColumns().add(col("tip", "DOUBLE", true));
      List<String> applied = TablePlanner.apply(session, spec);
      assertThat(applied)
          .anyMatch(s -> s.contains("DROP COLUMN \"distance\""))
          .anyMatch(s -> s.contains("RENAME COLUMN \"vendor\" TO \"vendor_id\""))
          .anyMatch(s -> s.contains("SET TYPE BIGINT"))
          .anyMatch(s -> s.contains("ADD COLUMN \"tip\" DOUBLE"));
      assertThat(TablePlanner.plan(session, spec).isEmpty()).isTrue();
      assertThat(new TableInspector(session).columns("trips"))
          .extracting(LiveColumn::name)
          .containsExactly("id", "pickup", "fare", "vendor_id", "passengers", "tip");
      session.execute("DELETE FROM trips WHERE id < 1000");
      assertThat(session.queryLong("SELECT count(*) FROM trips")).isEqualTo(ROWS - 1000);
      assertThat(session.queryLong("SELECT count(tip) FROM trips")).isZero();

      // Time travel to the snapshot before the evolution: old columns, all rows.
      try (Statement s = session.connection().createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*), sum(distance), count(vendor) FROM trips AT (VERSION => "
                      + beforeEvolution
                      + ")")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(ROWS);
        assertThat(rs.getDouble(2)).isEqualTo(49_500_000.0);
        assertThat(rs.getLong(3)).isEqualTo(ROWS - ROWS / 10);
      }
      // An impossible change leaves the table untouched.
      long snapshot = session.currentSnapshot();
      spec.getColumns().get(0).setType("INTEGER");
      assertThatThrownBy(() -> TablePlanner.apply(session, spec))
          .isInstanceOf(UnsupportedSchemaChangeException.class)
          .hasMessageContaining(
              "spec.columns[0].type: cannot change column 'id' from BIGINT to INTEGER");
      assertThat(session.currentSnapshot()).isEqualTo(snapshot);
    }
  }

  static void assertAggregates(LakeSession session, String table) throws Exception {
    long rows2024 = Duration.between(START, LocalDateTime.of(2025, 1, 1, 0, 0)).toMinutes();
    try (Statement s = session.connection().createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), sum(id), sum(fare), count(vendor), sum(passengers),"
                    + " count(*) FILTER (WHERE year(pickup) = 2024), max(pickup) FROM "
                    + table)) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(ROWS);
      assertThat(rs.getLong(2)).isEqualTo(ROWS * (ROWS - 1) / 2);
      assertThat(rs.getBigDecimal(3)).isEqualByComparingTo(new BigDecimal("4995000.00"));
      assertThat(rs.getLong(4)).isEqualTo(ROWS - ROWS / 10);
      assertThat(rs.getLong(5)).isEqualTo(ROWS / 4 * (0 + 1 + 2 + 3));
      assertThat(rs.getLong(6)).isEqualTo(rows2024);
      assertThat(rs.getObject(7, LocalDateTime.class)).isEqualTo(START.plusMinutes(ROWS - 1));
    }
  }

  static List<String> dataObjects(DuckLakeCatalogSpec catalog) throws Exception {
    try (S3Client client = TestingLakes.s3Client()) {
      return client
          .listObjectsV2Paginator(
              ListObjectsV2Request.builder()
                  .bucket(catalog.getObjectStore().getBucket())
                  .prefix(catalog.getObjectStore().getPrefix() + "/")
                  .build())
          .contents()
          .stream()
          .map(o -> o.key())
          .filter(k -> k.endsWith(".parquet"))
          .toList();
    }
  }
}
