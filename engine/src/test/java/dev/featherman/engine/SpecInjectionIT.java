package dev.featherman.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.ColumnSpec;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.v1alpha1.DuckLakeTableSpec;
import dev.featherman.api.v1alpha1.TableFormat;
import dev.featherman.engine.connect.CatalogSecrets;
import dev.featherman.engine.connect.CatalogStore;
import dev.featherman.engine.connect.LakeConfig;
import dev.featherman.engine.connect.LakeConfigs;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.connect.LakeSessionFactory;
import dev.featherman.engine.connect.S3Credentials;
import dev.featherman.engine.ddl.InvalidTableSpecException;
import dev.featherman.engine.ddl.TableInspector;
import dev.featherman.engine.ddl.TablePlanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile values in every spec field that reaches SQL, against real DuckDB + DuckLake: each is
 * either rejected before any SQL runs (catalog unchanged) or stored verbatim through quoting.
 */
class SpecInjectionIT {
  static final String PAYLOAD = "x'); DROP TABLE victim; --\"";

  @TempDir Path dir;

  LakeSession localLake(String alias) throws Exception {
    Path data = Files.createDirectories(dir.resolve("it's data"));
    LakeConfig config =
        LakeConfig.of(
            alias, new CatalogStore.DuckDbFile(dir.resolve("meta 'q'.ducklake")), data + "/", null);
    LakeSession session = new LakeSessionFactory(EngineSettings.defaults()).open(config);
    session.execute("CREATE TABLE victim (i INTEGER)");
    return session;
  }

  static DuckLakeTableSpec table(String name) {
    DuckLakeTableSpec spec = new DuckLakeTableSpec();
    spec.setCatalogRef("example");
    spec.setName(name);
    spec.setColumns(new ArrayList<>(List.of(new ColumnSpec("id", "INTEGER"))));
    return spec;
  }

  @Test
  void commentsAreStoredVerbatim() throws Exception {
    try (LakeSession session = localLake("lake")) {
      DuckLakeTableSpec spec = table("t");
      spec.setComment(PAYLOAD);
      spec.getColumns().get(0).setComment(PAYLOAD + "\n-- second line \\ backslash");
      TablePlanner.apply(session, spec);
      TableInspector inspector = new TableInspector(session);
      assertThat(inspector.comment("t")).contains(PAYLOAD);
      assertThat(inspector.columns("t").get(0).comment())
          .isEqualTo(PAYLOAD + "\n-- second line \\ backslash");
      assertThat(inspector.exists("victim")).isTrue();
      assertThat(TablePlanner.plan(session, spec).isEmpty()).isTrue();
    }
  }

  @Test
  void hostileNamesTypesAndPartitionsAreRejectedBeforeAnySqlRuns() throws Exception {
    List<Consumer<DuckLakeTableSpec>> attacks =
        List.of(
            s -> s.setName("t\"; DROP TABLE victim; --"),
            s -> s.setName("victim WHERE 1=1"),
            s -> s.getColumns().get(0).setName("id\" INTEGER); DROP TABLE victim; --"),
            s -> s.getColumns().get(0).setType("INTEGER); DROP TABLE victim; --"),
            s -> s.getColumns().get(0).setType("VARCHAR DEFAULT (SELECT 1)"),
            s -> s.getColumns().get(0).setType("INTEGER CHECK (false)"),
            s -> {
              TableFormat f = new TableFormat();
              f.setPartitioning(List.of("id); DROP TABLE victim; --"));
              s.setFormat(f);
            },
            s -> {
              TableFormat f = new TableFormat();
              f.setPartitioning(List.of("year(id) , (SELECT 1)"));
              s.setFormat(f);
            });
    try (LakeSession session = localLake("lake")) {
      long snapshot = session.currentSnapshot();
      for (Consumer<DuckLakeTableSpec> attack : attacks) {
        DuckLakeTableSpec spec = table("t");
        attack.accept(spec);
        assertThatThrownBy(() -> TablePlanner.apply(session, spec))
            .isInstanceOf(InvalidTableSpecException.class)
            .hasMessageStartingWith("spec.");
      }
      assertThat(session.currentSnapshot()).as("nothing was committed").isEqualTo(snapshot);
      assertThat(new TableInspector(session).exists("victim")).isTrue();
    }
  }

  @Test
  void quotedAliasAndPathsWork() throws Exception {
    try (LakeSession session = localLake("la\"ke'")) {
      TablePlanner.apply(session, table("t"));
      session.execute("INSERT INTO t VALUES (1), (2)");
      assertThat(session.queryLong("SELECT sum(id) FROM " + Sql.qualified(session.alias(), "t")))
          .isEqualTo(3);
      assertThat(session.currentSnapshot()).isPositive();
    }
  }

  @Test
  void credentialsWithQuotesReachDuckDbIntact() throws Exception {
    DuckLakeCatalogSpec spec = TestingLakes.spec(CatalogBackend.duckdb, "injection");
    CatalogSecrets hostile =
        new CatalogSecrets(new S3Credentials("AKIA'); DROP", "s'e\\cr\"et", "tok'en"), null, null);
    LakeConfig config = LakeConfigs.fromSpec("lake", spec, hostile, dir.resolve("c.ducklake"));
    // The secret and ATTACH parse; the S3 server then refuses these keys on the first write.
    try (LakeSession session = new LakeSessionFactory(EngineSettings.defaults()).open(config)) {
      session.execute("CREATE TABLE t (i BIGINT)");
      assertThatThrownBy(() -> session.execute("INSERT INTO t SELECT * FROM range(200000)"))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("403")
          .hasMessageNotContaining("s'e\\cr");
    }
    try (var connection = new LakeSessionFactory(EngineSettings.defaults()).openDatabase();
        Statement s = connection.createStatement()) {
      s.execute("LOAD httpfs");
      s.execute(
          dev.featherman.engine.connect.AttachSql.createSecret("probe", config.s3(), "injection"));
      try (ResultSet rs =
          s.executeQuery("SELECT secret_string FROM duckdb_secrets() WHERE name = 'probe'")) {
        rs.next();
        assertThat(rs.getString(1)).contains("key_id=AKIA'); DROP").doesNotContain("s'e\\cr");
      }
    }
  }
}
