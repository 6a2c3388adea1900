package dev.featherman.engine.connect;

import java.nio.file.Path;

/** Where a DuckLake catalog's metadata lives, rendered as the ATTACH target. */
public sealed interface CatalogStore {

  /** The {@code ducklake:...} string that ATTACH takes (still to be quoted as a literal). */
  String attachTarget();

  /** A DuckDB database file; one process at a time. */
  record DuckDbFile(Path path) implements CatalogStore {
    @Override
    public String attachTarget() {
      return "ducklake:" + path;
    }
  }

  /** A SQLite database file. */
  record SqliteFile(Path path) implements CatalogStore {
    @Override
    public String attachTarget() {
      return "ducklake:sqlite:" + path;
    }
  }

  /** A PostgreSQL database; {@code schema} becomes METADATA_SCHEMA. */
  record Postgres(
      String host,
      int port,
      String database,
      String schema,
      String user,
      String password,
      String sslMode)
      implements CatalogStore {

    /**
     * Only the TLS mode: host, database and credentials travel in a DuckDB secret ({@link
     * AttachSql#postgresSecret}), so no ATTACH string or database list a query can read holds the
     * password.
     */
    @Override
    public String attachTarget() {
      StringBuilder sb = new StringBuilder("ducklake:postgres:");
      if (sslMode != null) {
        append(sb, "sslmode", sslMode);
      }
      return sb.toString().stripTrailing();
    }

    /** The libpq connection string alone (for attaching the PostgreSQL database itself). */
    public String conninfo() {
      StringBuilder sb = new StringBuilder();
      append(sb, "dbname", database);
      append(sb, "host", host);
      append(sb, "port", Integer.toString(port));
      append(sb, "user", user);
      append(sb, "password", password);
      if (sslMode != null) {
        append(sb, "sslmode", sslMode);
      }
      return sb.toString().stripTrailing();
    }

    /**
     * libpq conninfo: every value single-quoted with backslash escapes, so spaces or quotes in a
     * password cannot add keys.
     */
    private static void append(StringBuilder sb, String key, String value) {
      if (value == null) {
        return;
      }
      sb.append(key)
          .append("='")
          .append(value.replace("\\", "\\\\").replace("'", "\\'"))
          .append("' ");
    }

    @Override
    public String toString() {
      return "Postgres[host="
          + host
          + ", port="
          + port
          + ", database="
          + database
          + ", schema="
          + schema
          + ", user="
          + user
          + ", password=***]";
    }
  }
}
