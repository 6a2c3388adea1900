package dev.featherman.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.engine.EngineException;
import dev.featherman.engine.EngineSettings;
import dev.featherman.engine.TestingLakes;
import dev.featherman.engine.connect.LakeConfig;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.connect.LakeSessionFactory;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Export and restore of lake metadata on every backend, data in the in-JVM S3 server. */
class MetadataBackupIT {
  final LakeSessionFactory factory = new LakeSessionFactory(EngineSettings.defaults());

  @ParameterizedTest
  @EnumSource(
      value = CatalogBackend.class,
      names = {"duckdb", "sqlite"})
  void rowsDeletedAfterABackupComeBackInTheRestoredCatalog(CatalogBackend backend)
      throws Exception {
    var spec = TestingLakes.spec(backend, "backups-it");
    LakeConfig original = TestingLakes.config("sales", spec, Files.createTempDirectory("orig-"));
    String location = "s3://backups-it/" + spec.getObjectStore().getPrefix() + "/backups/sales/b1/";
    MetadataBackup.Exported exported;
    try (LakeSession lake = factory.open(original)) {
      lake.execute(
          "CREATE TABLE orders AS SELECT range AS id, range * 2 AS amount FROM range(100000)");
      lake.execute("INSERT INTO orders VALUES (-1, 7)"); // small: inlined into the metadata
      exported = MetadataBackup.export(lake, location);
      assertThat(exported.snapshotId()).isEqualTo(lake.currentSnapshot());
      lake.execute("DELETE FROM orders WHERE id < 50000");
      assertThat(lake.queryLong("SELECT count(*) FROM orders")).isEqualTo(50000);
    }

    var restoredSpec = TestingLakes.spec(backend, "backups-it"); // new store, new prefix
    LakeConfig target =
        TestingLakes.config("sales_restored", restoredSpec, Files.createTempDirectory("restored-"));
    long snapshot = MetadataBackup.restore(factory, target, location, exported.dataPath());
    assertThat(snapshot).isEqualTo(exported.snapshotId());
    try (LakeSession restored = factory.open(target)) {
      assertThat(restored.queryLong("SELECT count(*) FROM orders")).isEqualTo(100001);
      assertThat(restored.queryLong("SELECT sum(amount) FROM orders"))
          .isEqualTo(100000L * 99999 + 7);
      // The restored catalog lives on: new writes go under its own data path.
      restored.execute("INSERT INTO orders SELECT range, 1 FROM range(100000, 150000)");
      assertThat(restored.queryLong("SELECT count(*) FROM orders")).isEqualTo(150001);
      assertThat(
              restored.queryLong(
                  "SELECT count(*) FROM ducklake_list_files('sales_restored', 'orders') WHERE"
                      + " data_file LIKE '"
                      + target.dataPath()
                      + "%'"))
          .isPositive();
    }
    try (LakeSession lake = factory.open(original)) {
      assertThat(lake.queryLong("SELECT count(*) FROM orders")).isEqualTo(50000);
    }
    // Never in place: a catalog that already has tables is refused.
    assertThatThrownBy(
            () -> MetadataBackup.restore(factory, original, location, exported.dataPath()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("new, empty catalog");
  }

  @org.junit.jupiter.api.Test
  void aPostgresCatalogIsExportedLogicallyAndRestored() throws Exception {
    var spec = TestingLakes.spec(CatalogBackend.postgres, "backups-it");
    LakeConfig original = TestingLakes.config("pg_sales", spec, Files.createTempDirectory("pg-"));
    java.nio.file.Path dir = Files.createTempDirectory("pg-export-");
    MetadataBackup.Exported exported;
    try (LakeSession lake = factory.open(original)) {
      lake.execute("CREATE TABLE orders AS SELECT range AS id FROM range(10000)");
      lake.execute("INSERT INTO orders VALUES (-1)"); // inlined into the metadata
      exported = MetadataBackup.export(lake, dir.toString());
      assertThat(exported.snapshotId()).isEqualTo(lake.currentSnapshot());
      lake.execute("DELETE FROM orders WHERE id < 5000");
    }
    assertThat(Files.readString(dir.resolve("load.sql"))).contains("ducklake_snapshot.parquet");
    var restoredSpec = TestingLakes.spec(CatalogBackend.postgres, "backups-it");
    LakeConfig target =
        TestingLakes.config("pg_restored", restoredSpec, Files.createTempDirectory("pg-r-"));
    MetadataBackup.restore(factory, target, dir.toString(), exported.dataPath());
    try (LakeSession restored = factory.open(target)) {
      assertThat(restored.queryLong("SELECT count(*) FROM orders")).isEqualTo(10001);
      assertThat(restored.queryLong("SELECT sum(id) FROM orders")).isEqualTo(9999L * 10000 / 2 - 1);
    }
  }
}
