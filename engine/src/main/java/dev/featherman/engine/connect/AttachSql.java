package dev.featherman.engine.connect;

import dev.featherman.engine.Sql;
import java.util.ArrayList;
import java.util.List;

/** Renders the CREATE SECRET and ATTACH statements for a {@link LakeConfig}. */
public final class AttachSql {
  private AttachSql() {}

  /** {@code ATTACH 'ducklake:…' AS "alias" (DATA_PATH '…', …)}. */
  public static String attach(LakeConfig config) {
    List<String> options = new ArrayList<>();
    options.add("DATA_PATH " + Sql.literal(config.dataPath()));
    if (config.store() instanceof CatalogStore.Postgres pg) {
      if (pg.schema() != null) {
        options.add("METADATA_SCHEMA " + Sql.literal(pg.schema()));
      }
      options.add(
          "METADATA_PARAMETERS MAP {'SECRET': "
              + Sql.literal(postgresSecretName(config.alias()))
              + "}");
    }
    if (config.encrypted()) {
      options.add("ENCRYPTED");
    }
    if (config.dataInliningRowLimit() != null) {
      options.add("DATA_INLINING_ROW_LIMIT " + Math.max(0, config.dataInliningRowLimit()));
    }
    if (config.readOnly()) {
      options.add("READ_ONLY");
    }
    if (config.snapshotVersion() != null) {
      options.add("SNAPSHOT_VERSION " + config.snapshotVersion());
    }
    return "ATTACH "
        + Sql.literal(config.store().attachTarget())
        + " AS "
        + Sql.identifier(config.alias())
        + " ("
        + String.join(", ", options)
        + ")";
  }

  /** The name of the secret that holds a lake's PostgreSQL connection. */
  public static String postgresSecretName(String alias) {
    return "pg_" + alias;
  }

  /**
   * A temporary PostgreSQL secret with the metadata database's address and credentials; DuckDB
   * redacts its password wherever secrets are listed.
   */
  public static String postgresSecret(String alias, CatalogStore.Postgres pg) {
    List<String> parts = new ArrayList<>();
    parts.add("TYPE postgres");
    parts.add("HOST " + Sql.literal(pg.host()));
    parts.add("PORT " + pg.port());
    parts.add("DATABASE " + Sql.literal(pg.database()));
    parts.add("USER " + Sql.literal(pg.user()));
    parts.add("PASSWORD " + Sql.literal(pg.password()));
    return "CREATE OR REPLACE TEMPORARY SECRET "
        + Sql.identifier(postgresSecretName(alias))
        + " ("
        + String.join(", ", parts)
        + ")";
  }

  /**
   * A temporary (in-memory, never persisted) S3 secret scoped to one bucket, so several catalogs
   * with different credentials can share a DuckDB instance.
   */
  public static String createSecret(String name, S3Access s3, String bucket) {
    List<String> parts = new ArrayList<>();
    parts.add("TYPE s3");
    if (s3.credentials() == null) {
      parts.add("PROVIDER credential_chain");
    } else {
      parts.add("KEY_ID " + Sql.literal(s3.credentials().accessKeyId()));
      parts.add("SECRET " + Sql.literal(s3.credentials().secretAccessKey()));
      if (s3.credentials().sessionToken() != null) {
        parts.add("SESSION_TOKEN " + Sql.literal(s3.credentials().sessionToken()));
      }
    }
    parts.add("REGION " + Sql.literal(s3.region()));
    if (s3.endpoint() != null) {
      parts.add("ENDPOINT " + Sql.literal(s3.endpoint()));
    }
    parts.add("URL_STYLE " + Sql.literal(s3.pathStyle() ? "path" : "vhost"));
    parts.add("USE_SSL " + s3.useSsl());
    if (s3.kmsKeyId() != null) {
      parts.add("KMS_KEY_ID " + Sql.literal(s3.kmsKeyId()));
    }
    parts.add("SCOPE " + Sql.literal("s3://" + bucket));
    return "CREATE OR REPLACE TEMPORARY SECRET "
        + Sql.identifier(name)
        + " ("
        + String.join(", ", parts)
        + ")";
  }
}
