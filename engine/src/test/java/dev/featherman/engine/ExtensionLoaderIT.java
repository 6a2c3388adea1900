package dev.featherman.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featherman.engine.connect.CatalogStore;
import dev.featherman.engine.connect.LakeConfig;
import dev.featherman.engine.connect.LakeSessionFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extensions come from the configured directory only; a missing one is a clear error. */
class ExtensionLoaderIT {
  @TempDir Path empty;

  @Test
  void missingExtensionNamesItTheDirectoryAndTheScript() {
    EngineSettings settings = new EngineSettings(empty, false, 0, null, null, null);
    LakeConfig config =
        LakeConfig.of(
            "lake", new CatalogStore.DuckDbFile(empty.resolve("c.ducklake")), empty + "/", null);
    assertThatThrownBy(() -> new LakeSessionFactory(settings).open(config))
        .isInstanceOf(MissingExtensionException.class)
        .hasMessageContaining("'ducklake'")
        .hasMessageContaining(empty.resolve("v1.5.5").toString())
        .hasMessageContaining("scripts/install-duckdb-extensions.sh");
  }

  @Test
  void installedExtensionsLoadWithoutNetwork() throws Exception {
    try (var connection = new LakeSessionFactory(EngineSettings.defaults()).openDatabase()) {
      new ExtensionLoader(EngineSettings.defaults())
          .load(connection, java.util.EnumSet.allOf(Extension.class));
      try (var s = connection.createStatement();
          var rs =
              s.executeQuery(
                  "SELECT count(*) FROM duckdb_extensions() WHERE loaded AND extension_name IN"
                      + " ('ducklake', 'httpfs', 'postgres_scanner', 'sqlite_scanner')")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(4);
      }
    }
  }
}
