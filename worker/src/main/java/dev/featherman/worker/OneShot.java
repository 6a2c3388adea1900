package dev.featherman.worker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featherman.api.ConditionReasons;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.worker.ExitCode;
import dev.featherman.api.worker.Operation;
import dev.featherman.api.worker.OperationResult;
import dev.featherman.api.worker.WorkerEnv;
import dev.featherman.engine.EngineException;
import dev.featherman.engine.MissingExtensionException;
import dev.featherman.engine.Sql;
import dev.featherman.engine.connect.AttachSql;
import dev.featherman.engine.connect.CatalogStore;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.connect.LakeSessionFactory;
import dev.featherman.engine.ddl.InvalidTableSpecException;
import dev.featherman.engine.ddl.TableDdl;
import dev.featherman.engine.ddl.TableInspector;
import dev.featherman.engine.ddl.TablePlanner;
import dev.featherman.engine.ddl.UnsupportedSchemaChangeException;
import dev.featherman.engine.ingest.LakeFiles;
import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.query.SqlStatements;
import dev.featherman.engine.sandbox.SqlSandbox;
import dev.featherman.objectstore.CorruptBackupException;
import dev.featherman.objectstore.S3Clients;
import dev.featherman.objectstore.S3Keys;
import dev.featherman.worker.backup.BackupExport;
import dev.featherman.worker.backup.BackupRestore;
import dev.featherman.worker.backup.Maintenance;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One-shot mode: attach the catalog, run one operation, report a JSON result and an {@link
 * ExitCode}. This is what the controller's Jobs run, and what tests call in-process.
 */
public final class OneShot {
  /** The object store failed or could not be reached; worth another try later. */
  static final String OBJECT_STORE_UNAVAILABLE = "ObjectStoreUnavailable";

  private static final java.time.Duration S3_TIMEOUT = java.time.Duration.ofMinutes(2);

  /** Kubernetes keeps at most 4096 bytes of a termination message. */
  static final int MAX_RESULT_BYTES = 4000;

  /** The outcome: exit code plus the JSON the controller reads back. */
  public record Result(ExitCode exitCode, ObjectNode json) {
    /** The result as the control plane reads it. */
    public OperationResult report() {
      return OperationResult.parse(json.toString());
    }
  }

  private OneShot() {}

  /** Runs {@code operation} with the configuration in {@code env}. Never throws. */
  public static Result run(Map<String, String> env, Operation operation) {
    WorkerConfig config;
    try {
      config = WorkerConfig.fromEnvironment(env);
    } catch (WorkerConfig.InvalidConfigException e) {
      return failure(ExitCode.INVALID_SPEC, ConditionReasons.INVALID_SPEC, e.getMessage());
    }
    if (operation instanceof Operation.Restore restore) {
      return restore(config, env, restore);
    }
    LakeSession session;
    try {
      session = CatalogAttach.open(config, env);
    } catch (MissingExtensionException e) {
      return failure(ExitCode.FAILED, "ExtensionMissing", e.getMessage());
    } catch (RuntimeException e) {
      return failure(ExitCode.UNAVAILABLE, "CatalogUnavailable", e.getMessage());
    }
    try (session) {
      ObjectNode result = ok();
      if (operation instanceof Operation.Backup backup) {
        DuckLakeCatalogSpec spec = spec(env);
        try (S3Client s3 = s3(spec, env)) {
          BackupExport.run(session, spec, env.get(WorkerEnv.CATALOG), s3, backup, result);
        }
      } else {
        perform(session, operation, result);
      }
      if (!(operation instanceof Operation.DestroyCatalog)) {
        result.put("snapshotId", session.currentSnapshot());
      }
      return new Result(ExitCode.OK, fit(result));
    } catch (InvalidTableSpecException e) {
      return failure(ExitCode.INVALID_SPEC, ConditionReasons.INVALID_SPEC, e.getMessage());
    } catch (UnsupportedSchemaChangeException e) {
      return failure(
          ExitCode.UNSUPPORTED_CHANGE, ConditionReasons.UNSUPPORTED_SCHEMA_CHANGE, e.getMessage());
    } catch (BackupExport.BackupUploadException | SdkException e) {
      return failure(ExitCode.UNAVAILABLE, OBJECT_STORE_UNAVAILABLE, e.getMessage());
    } catch (EngineException | IllegalArgumentException e) {
      return failure(ExitCode.FAILED, ConditionReasons.EXECUTION_FAILED, e.getMessage());
    }
  }

  /** A restore opens the new catalog itself, once the backup has been verified. */
  private static Result restore(
      WorkerConfig config, Map<String, String> env, Operation.Restore op) {
    ObjectNode result = ok();
    try (S3Client s3 = s3(spec(env), env)) {
      BackupRestore.run(new LakeSessionFactory(config.engine()), config.lake(), s3, op, result);
      return new Result(ExitCode.OK, fit(result));
    } catch (CorruptBackupException e) {
      return failure(ExitCode.INVALID_SPEC, ConditionReasons.BACKUP_CORRUPTED, e.getMessage());
    } catch (SdkException e) {
      return failure(ExitCode.UNAVAILABLE, OBJECT_STORE_UNAVAILABLE, e.getMessage());
    } catch (MissingExtensionException e) {
      return failure(ExitCode.FAILED, "ExtensionMissing", e.getMessage());
    } catch (RuntimeException e) {
      return failure(ExitCode.FAILED, ConditionReasons.EXECUTION_FAILED, e.getMessage());
    }
  }

  private static DuckLakeCatalogSpec spec(Map<String, String> env) {
    try {
      return WorkerConfig.JSON.readValue(
          env.get(WorkerEnv.CATALOG_SPEC), DuckLakeCatalogSpec.class);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(WorkerEnv.CATALOG_SPEC + " is not a catalog spec", e);
    }
  }

  /** An S3 client with the catalog's endpoint and the worker's keys, retrying transient errors. */
  private static S3Client s3(DuckLakeCatalogSpec spec, Map<String, String> env) {
    String keyId = env.get(WorkerEnv.S3_ACCESS_KEY_ID);
    S3Keys keys =
        keyId == null || keyId.isBlank()
            ? S3Keys.defaultChain()
            : new S3Keys(
                keyId,
                env.get(WorkerEnv.S3_SECRET_ACCESS_KEY),
                env.get(WorkerEnv.S3_SESSION_TOKEN));
    return S3Clients.create(spec.getObjectStore(), keys, S3_TIMEOUT, 3);
  }

  private static void perform(LakeSession session, Operation operation, ObjectNode result) {
    if (operation instanceof Operation.Initialize) {
      result.put("dataPath", session.config().dataPath());
    } else if (operation instanceof Operation.ApplyTable apply) {
      if (apply.table() == null) {
        throw new InvalidTableSpecException(List.of("table: the operation names no table spec"));
      }
      ArrayNode statements = result.putArray("statements");
      TablePlanner.apply(session, apply.table()).forEach(statements::add);
      if (apply.table().getLocation() != null && !apply.table().getLocation().isBlank()) {
        try {
          result.put(
              "filesRegistered",
              LakeFiles.registerNew(session, apply.table().getName(), apply.table().getLocation()));
        } catch (QueryException e) {
          // Files that do not fit the table are the spec's problem, not a retryable failure.
          throw new InvalidTableSpecException(List.of("spec.location: " + e.getMessage()));
        }
      }
      stats(session, apply.table().getName(), result);
    } else if (operation instanceof Operation.InspectTable inspect) {
      stats(session, inspect.name(), result);
    } else if (operation instanceof Operation.DropTable drop) {
      session.execute("DROP TABLE IF EXISTS " + TableDdl.tableName(session.alias(), drop.name()));
    } else if (operation instanceof Operation.Materialize m) {
      materialize(session, m, result);
    } else if (operation instanceof Operation.DestroyCatalog) {
      result.put("dataFilesDeleted", deleteAllData(session));
      result.put("metadataTablesDropped", destroyMetadata(session));
    } else if (operation instanceof Operation.Maintain maintain) {
      Maintenance.run(session, maintain, result);
    } else if (operation instanceof Operation.RunSql sql) {
      List<String> statements = SqlStatements.split(sql.sql());
      session.execute("BEGIN TRANSACTION");
      try {
        statements.forEach(session::execute);
        session.execute("COMMIT");
      } catch (RuntimeException e) {
        session.execute("ROLLBACK");
        throw e;
      }
      result.put("statementsRun", statements.size());
    }
  }

  /** COPY (one SELECT) TO the destination as Parquet; reports rows and the output path. */
  private static void materialize(LakeSession session, Operation.Materialize m, ObjectNode result) {
    String target = "s3://" + m.bucket() + "/" + m.path();
    if (session.config().s3() != null) {
      // The catalog's secret is scoped to its own bucket; the export may go elsewhere.
      session.execute(AttachSql.createSecret("s3_materialize", session.config().s3(), m.bucket()));
    }
    String statement;
    // The same sandbox as the query API: DuckDB parses one SELECT over the lake's tables with
    // allowed functions only, and the session may then touch nothing but the export's prefix.
    try (SqlSandbox sandbox =
        SqlSandbox.lockDown(
            session.connection(),
            session.alias(),
            List.of(
                session.config().dataPath(), target.substring(0, target.lastIndexOf('/') + 1)))) {
      statement = sandbox.checkQuery(session.connection(), m.sql());
    } catch (QueryException e) {
      throw new InvalidTableSpecException(List.of("spec.materializeTo.sql: " + e.getMessage()));
    } catch (java.sql.SQLException e) {
      throw new EngineException("locking the materialization session down failed: " + e, e);
    }
    List<String> options = new ArrayList<>();
    options.add("FORMAT parquet");
    options.add("COMPRESSION " + Sql.literal(m.compression() == null ? "zstd" : m.compression()));
    if (m.partitionBy() != null && !m.partitionBy().isEmpty()) {
      options.add(
          "PARTITION_BY ("
              + String.join(", ", m.partitionBy().stream().map(Sql::identifier).toList())
              + ")");
      options.add("OVERWRITE_OR_IGNORE true");
    }
    long started = System.nanoTime();
    long rows =
        session.update(
            "COPY (\n"
                + statement
                + "\n) TO "
                + Sql.literal(target)
                + " ("
                + String.join(", ", options)
                + ")");
    result.put("rowCount", rows);
    result.put("outputPath", target);
    result.put("durationMillis", (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Drops every table, expires every snapshot and lets DuckLake delete the files it wrote: only
   * DuckLake's own files go, whatever else shares the bucket or prefix.
   */
  private static int deleteAllData(LakeSession session) {
    List<String> tables = new ArrayList<>();
    try (var ps =
        session
            .connection()
            .prepareStatement(
                "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ?")) {
      ps.setString(1, session.alias());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.add(Sql.qualified(session.alias(), rs.getString(1), rs.getString(2)));
        }
      }
    } catch (SQLException e) {
      throw new EngineException("listing the catalog's tables failed: " + e.getMessage(), e);
    }
    tables.forEach(t -> session.execute("DROP TABLE IF EXISTS " + t));
    String lake = Sql.literal(session.alias());
    session.execute("CALL ducklake_expire_snapshots(" + lake + ", older_than => now())");
    int deleted = 0;
    try (Statement st = session.connection().createStatement();
        ResultSet rs =
            st.executeQuery("CALL ducklake_cleanup_old_files(" + lake + ", cleanup_all => true)")) {
      while (rs.next()) {
        deleted++;
      }
    } catch (SQLException e) {
      throw new EngineException("deleting the catalog's data files failed: " + e.getMessage(), e);
    }
    return deleted;
  }

  /**
   * Drops DuckLake's metadata tables from the catalog's PostgreSQL schema. The lake is detached
   * first (its connection would hold locks the drops wait for), then PostgreSQL is attached
   * directly and asked through postgres_scanner's postgres_query and postgres_execute.
   */
  private static int destroyMetadata(LakeSession session) {
    if (!(session.config().store() instanceof CatalogStore.Postgres pg)) {
      return 0;
    }
    session.execute("USE memory");
    session.execute("DETACH " + Sql.identifier(session.alias()));
    session.execute(
        "ATTACH " + Sql.literal(pg.conninfo()) + " AS featherman_metadata (TYPE postgres)");
    String schema = pg.schema() == null ? "public" : pg.schema();
    String list =
        "SELECT tablename FROM pg_tables WHERE schemaname = "
            + Sql.literal(schema)
            + " AND tablename LIKE 'ducklake%'";
    List<String> tables = new ArrayList<>();
    try (Statement st = session.connection().createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT tablename FROM postgres_query('featherman_metadata', "
                    + Sql.literal(list)
                    + ")")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new EngineException(
          "listing the catalog's metadata tables failed: " + e.getMessage(), e);
    }
    for (String table : tables) {
      String drop = "DROP TABLE IF EXISTS " + Sql.identifier(schema) + "." + Sql.identifier(table);
      session.execute("CALL postgres_execute('featherman_metadata', " + Sql.literal(drop) + ")");
    }
    return tables.size();
  }

  private static void stats(LakeSession session, String table, ObjectNode result) {
    TableInspector inspector = new TableInspector(session);
    if (!inspector.exists(table)) {
      result.put("exists", false);
      return;
    }
    TableInspector.TableStats stats = inspector.stats(table);
    result.put("exists", true);
    result.put(
        "rowCount",
        session.queryLong(
            "SELECT count(*) FROM " + Sql.qualified(session.alias(), TableDdl.SCHEMA, table)));
    result.put("dataFiles", stats.dataFiles());
    result.put("bytes", stats.dataBytes());
  }

  private static ObjectNode ok() {
    ObjectNode node = WorkerConfig.JSON.createObjectNode();
    node.put("ok", true);
    return node;
  }

  private static Result failure(ExitCode code, String reason, String message) {
    ObjectNode node = WorkerConfig.JSON.createObjectNode();
    node.put("ok", false);
    node.put("reason", reason);
    node.put("message", message == null ? "" : message);
    return new Result(code, fit(node));
  }

  /** Keeps the result within a termination message: long texts and lists are shortened. */
  static ObjectNode fit(ObjectNode node) {
    while (node.toString().getBytes(StandardCharsets.UTF_8).length > MAX_RESULT_BYTES) {
      if (node.has("statements") && node.get("statements").size() > 0) {
        ((ArrayNode) node.get("statements")).remove(node.get("statements").size() - 1);
        node.put("statementsTruncated", true);
      } else if (node.has("message")) {
        String m = node.get("message").asText();
        node.put("message", m.substring(0, Math.max(0, m.length() - 500)) + "…");
      } else {
        break;
      }
    }
    return node;
  }
}
