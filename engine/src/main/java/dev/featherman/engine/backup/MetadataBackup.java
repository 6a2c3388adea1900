package dev.featherman.engine.backup;

import dev.featherman.engine.EngineException;
import dev.featherman.engine.Sql;
import dev.featherman.engine.connect.CatalogStore;
import dev.featherman.engine.connect.LakeConfig;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.connect.LakeSessionFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Backup and restore of a lake's metadata (the Parquet data files stay where they are).
 *
 * <p>Export (DuckDB-file and SQLite catalogs): {@code EXPORT DATABASE} of the metadata catalog as
 * Parquet (one file per DuckLake table plus DuckDB's schema.sql and load.sql), written straight to
 * the destination (a local directory or an {@code s3://} prefix), inside one DuckDB transaction, so
 * the files agree with each other; the snapshot id is read back from the exported snapshot table.
 *
 * <p>Restore: into a new, empty catalog only (never in place). The new catalog is first created by
 * DuckLake itself (so its tables have exactly this DuckLake version's layout), then every table is
 * replaced with the backup's rows, matched by column name. Data files keep pointing at the original
 * lake's files (made absolute), while the restored catalog writes new files under its own data
 * path.
 */
public final class MetadataBackup {
  private static final Pattern COPY_LINE =
      Pattern.compile(
          "COPY\\s+(\"?[A-Za-z0-9_]+\"?)\\s+FROM\\s+'([^']+)'", Pattern.CASE_INSENSITIVE);
  private static final String RESTORE_ALIAS = "featherman_restore";
  private static final String EXPORT_ALIAS = "featherman_export";

  private MetadataBackup() {}

  /** The DuckDB and DuckLake versions of a session, as recorded in backup manifests. */
  public record Versions(String duckdb, String ducklake) {}

  /** The versions {@code lake} runs. */
  public static Versions versions(LakeSession lake) {
    try (Statement st = lake.connection().createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT version(), (SELECT extension_version FROM duckdb_extensions() WHERE"
                    + " extension_name = 'ducklake')")) {
      rs.next();
      return new Versions(rs.getString(1), rs.getString(2));
    } catch (SQLException e) {
      throw new EngineException("reading the DuckDB version failed: " + e.getMessage(), e);
    }
  }

  /** What an export wrote. */
  public record Exported(String location, long snapshotId, String dataPath) {}

  /**
   * Exports the metadata of {@code lake} to {@code location} (a directory or s3:// prefix): DuckDB
   * and SQLite catalogs with {@code EXPORT DATABASE}, PostgreSQL catalogs logically, one Parquet
   * file per DuckLake table of the metadata schema (PostgreSQL's own system views cannot be written
   * as Parquet), all inside one transaction.
   */
  public static Exported export(LakeSession lake, String location) {
    String dir = location.endsWith("/") ? location : location + "/";
    String metadata = "__ducklake_metadata_" + lake.alias();
    if (lake.config().store() instanceof CatalogStore.Postgres pg) {
      exportLogically(lake, pg, dir);
    } else {
      lake.execute(
          "EXPORT DATABASE "
              + Sql.identifier(metadata)
              + " TO "
              + Sql.literal(location)
              + " (FORMAT parquet)");
    }
    long snapshot =
        lake.queryLong(
            "SELECT max(snapshot_id) FROM read_parquet("
                + Sql.literal(dir + "ducklake_snapshot.parquet")
                + ")");
    return new Exported(dir, snapshot, lake.config().dataPath());
  }

  /**
   * Copies every ducklake_* table of the metadata schema and writes a matching load.sql. PostgreSQL
   * is attached read-only on its own, and the copies run in one REPEATABLE READ transaction on one
   * connection, so they all see the same committed state while writers carry on.
   */
  private static void exportLogically(LakeSession lake, CatalogStore.Postgres pg, String dir) {
    String schema = pg.schema() == null ? "public" : pg.schema();
    lake.execute(
        "ATTACH "
            + Sql.literal(pg.conninfo())
            + " AS "
            + Sql.identifier(EXPORT_ALIAS)
            + " (TYPE postgres, READ_ONLY)");
    lake.execute("SET pg_connection_limit = 1");
    try {
      exportTables(lake, EXPORT_ALIAS, schema, dir);
    } finally {
      lake.execute("RESET pg_connection_limit");
      lake.execute("DETACH " + Sql.identifier(EXPORT_ALIAS));
    }
  }

  private static void exportTables(LakeSession lake, String metadata, String schema, String dir) {
    if (dir.contains("://")) {
      throw new EngineException(
          "a PostgreSQL catalog's metadata is exported to a local directory first, not " + dir);
    }
    List<String> tables = new ArrayList<>();
    try (var ps =
        lake.connection()
            .prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog = ? AND"
                    + " table_schema = ? AND starts_with(table_name, 'ducklake_') ORDER BY"
                    + " table_name")) {
      ps.setString(1, metadata);
      ps.setString(2, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new EngineException(
          "listing the catalog's metadata tables failed: " + e.getMessage(), e);
    }
    if (!tables.contains("ducklake_snapshot")) {
      throw new EngineException(
          "schema '" + schema + "' of the PostgreSQL catalog holds no DuckLake metadata tables");
    }
    StringBuilder load = new StringBuilder();
    lake.execute("BEGIN TRANSACTION");
    try {
      lake.execute(
          "CALL postgres_execute("
              + Sql.literal(metadata)
              + ", 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ')");
      for (String table : tables) {
        String file = dir + table + ".parquet";
        lake.execute(
            "COPY (SELECT * FROM "
                + Sql.qualified(metadata, schema, table)
                + ") TO "
                + Sql.literal(file)
                + " (FORMAT parquet)");
        load.append("COPY ")
            .append(Sql.identifier(table))
            .append(" FROM ")
            .append(Sql.literal(file))
            .append(" (FORMAT 'parquet');\n");
      }
      lake.execute("COMMIT");
    } catch (RuntimeException e) {
      lake.execute("ROLLBACK");
      throw e;
    }
    try {
      Files.writeString(Path.of(dir, "load.sql"), load.toString());
    } catch (IOException e) {
      throw new EngineException("writing " + dir + "load.sql failed: " + e.getMessage(), e);
    }
  }

  /**
   * Restores the export at {@code location} into the new catalog {@code target}, which must not
   * hold any table yet.
   *
   * @param originalDataPath the data path of the lake the backup was taken from
   * @return the snapshot id the restored catalog is at
   */
  public static long restore(
      LakeSessionFactory factory, LakeConfig target, String location, String originalDataPath) {
    String dir = location.endsWith("/") ? location : location + "/";
    String loadScript;
    try (LakeSession fresh = factory.open(target)) {
      long tables =
          fresh.queryLong(
              "SELECT count(*) FROM duckdb_tables() WHERE database_name = "
                  + Sql.literal(fresh.alias()));
      if (tables > 0) {
        throw new EngineException(
            "restore needs a new, empty catalog: '" + fresh.alias() + "' already has tables");
      }
      loadScript = readText(fresh.connection(), dir + "load.sql");
      fresh.execute("USE memory");
      fresh.execute("DETACH " + Sql.identifier(fresh.alias()));
      fresh.execute(attachStore(target.store()));
      String schema = schemaOf(target.store());
      Map<String, String> files = copies(loadScript);
      if (!files.containsKey("ducklake_snapshot")) {
        throw new EngineException(
            "the backup at "
                + dir
                + " has no ducklake_snapshot table: not a DuckLake metadata export");
      }
      List<String> existing = existingTables(fresh.connection(), schema);
      fresh.execute("BEGIN TRANSACTION");
      for (var e : files.entrySet()) {
        String table = qualified(schema, e.getKey());
        // load.sql names the files where they were exported; they now sit next to it.
        String file = e.getValue().substring(e.getValue().lastIndexOf('/') + 1);
        String source = "read_parquet(" + Sql.literal(dir + file) + ")";
        if (existing.contains(e.getKey())) {
          fresh.execute("DELETE FROM " + table);
          fresh.execute("INSERT INTO " + table + " BY NAME SELECT * FROM " + source);
        } else {
          // Inlined-data tables are created on demand by DuckLake: recreate them as exported.
          fresh.execute("CREATE TABLE " + table + " AS SELECT * FROM " + source);
        }
      }
      String original = originalDataPath.endsWith("/") ? originalDataPath : originalDataPath + "/";
      // A file path is relative to its table's path, which is relative to its schema's path,
      // which is relative to the data path: resolve against the original lake, once.
      String tableDir =
          "(SELECT max(CASE WHEN t.path_is_relative = 1 THEN (CASE WHEN s.path_is_relative = 1"
              + " THEN "
              + Sql.literal(original)
              + " || s.path ELSE s.path END) || t.path ELSE t.path END) FROM "
              + qualified(schema, "ducklake_table")
              + " t JOIN "
              + qualified(schema, "ducklake_schema")
              + " s ON s.schema_id = t.schema_id WHERE t.table_id = f.table_id)";
      for (String fileTable : List.of("ducklake_data_file", "ducklake_delete_file")) {
        fresh.execute(
            "UPDATE "
                + qualified(schema, fileTable)
                + " AS f SET path = "
                + tableDir
                + " || f.path, path_is_relative = 0 WHERE f.path_is_relative = 1");
      }
      // Tables and schemas keep their relative paths: new files land under the new data path.
      fresh.execute(
          "UPDATE "
              + qualified(schema, "ducklake_metadata")
              + " SET value = "
              + Sql.literal(target.dataPath())
              + " WHERE key = 'data_path' AND scope IS NULL");
      fresh.execute("COMMIT");
    }
    try (LakeSession restored = factory.open(target)) {
      return restored.currentSnapshot();
    }
  }

  /** COPY lines of DuckDB's load.sql: table name to the file holding its rows, in order. */
  static Map<String, String> copies(String loadScript) {
    Map<String, String> files = new LinkedHashMap<>();
    Matcher m = COPY_LINE.matcher(loadScript);
    while (m.find()) {
      files.put(m.group(1).replace("\"", ""), m.group(2));
    }
    return files;
  }

  private static String attachStore(CatalogStore store) {
    if (store instanceof CatalogStore.DuckDbFile f) {
      return "ATTACH " + Sql.literal(f.path().toString()) + " AS " + RESTORE_ALIAS;
    }
    if (store instanceof CatalogStore.SqliteFile f) {
      return "ATTACH "
          + Sql.literal(f.path().toString())
          + " AS "
          + RESTORE_ALIAS
          + " (TYPE sqlite)";
    }
    CatalogStore.Postgres pg = (CatalogStore.Postgres) store;
    return "ATTACH " + Sql.literal(pg.conninfo()) + " AS " + RESTORE_ALIAS + " (TYPE postgres)";
  }

  private static String schemaOf(CatalogStore store) {
    if (store instanceof CatalogStore.Postgres pg) {
      return pg.schema() == null ? "public" : pg.schema();
    }
    return "main";
  }

  private static String qualified(String schema, String table) {
    return Sql.identifier(RESTORE_ALIAS)
        + "."
        + Sql.identifier(schema)
        + "."
        + Sql.identifier(table);
  }

  private static List<String> existingTables(Connection c, String schema) {
    List<String> names = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog = "
                    + Sql.literal(RESTORE_ALIAS)
                    + " AND table_schema = "
                    + Sql.literal(schema))) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new EngineException("cannot list the new catalog's metadata tables: " + e.getMessage());
    }
    return names;
  }

  private static String readText(Connection c, String path) {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT content FROM read_text(" + Sql.literal(path) + ")")) {
      if (!rs.next()) {
        throw new EngineException("backup file " + path + " is missing");
      }
      return rs.getString(1);
    } catch (SQLException e) {
      throw new EngineException("cannot read backup file " + path + ": " + e.getMessage());
    }
  }
}
