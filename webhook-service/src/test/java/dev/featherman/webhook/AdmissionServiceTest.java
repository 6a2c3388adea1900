package dev.featherman.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation and defaulting of every kind through AdmissionReview JSON. */
class AdmissionServiceTest {
  /** A cluster where catalog "single" is a DuckDB-file catalog and "shared" a PostgreSQL one. */
  static final CatalogLookup CATALOGS =
      new CatalogLookup(null) {
        @Override
        public Optional<DuckLakeCatalogSpec> find(String namespace, String name) {
          DuckLakeCatalogSpec spec = new DuckLakeCatalogSpec();
          switch (name) {
            case "single" -> spec.setBackend(CatalogBackend.duckdb);
            case "shared", "main-catalog" -> spec.setBackend(CatalogBackend.postgres);
            default -> {
              return Optional.empty();
            }
          }
          return Optional.of(spec);
        }
      };

  final AdmissionService service = new AdmissionService(CATALOGS);

  static final String CATALOG =
      """
      apiVersion: ducklake.featherman.dev/v1alpha1
      kind: DuckLakeCatalog
      metadata: {name: lake}
      spec:
        storageClass: standard
        size: 10Gi
        objectStore: {endpoint: "http://minio:9000", bucket: lake-data, prefix: team/a, credentialsSecret: {name: s3}}
        backupPolicy: {schedule: "0 2 * * *", retentionDays: 7}
        ducklake: {dataInliningRowLimit: 10}
      """;
  static final String TABLE =
      """
      apiVersion: ducklake.featherman.dev/v1alpha1
      kind: DuckLakeTable
      metadata: {name: events}
      spec:
        catalogRef: lake
        name: events
        columns:
          - {name: id, type: BIGINT}
          - {name: amount, type: "DECIMAL(12,2)", nullable: true}
        format: {partitioning: ["id"]}
      """;
  static final String POOL =
      """
      apiVersion: ducklake.featherman.dev/v1alpha1
      kind: DuckLakePool
      metadata: {name: workers}
      spec:
        minSize: 1
        maxSize: 4
        targetUtilization: 0.8
        catalogRef: {name: shared}
      """;

  static final String BACKUP =
      """
      apiVersion: ducklake.featherman.dev/v1alpha1
      kind: DuckLakeBackup
      metadata: {name: before-migration}
      spec:
        catalogRef: lake
        pinned: true
      """;

  JsonNode validate(String operation, ObjectNode object, ObjectNode old) {
    return Reviews.response(service.review(Reviews.review(operation, object, old), false).json());
  }

  JsonNode mutate(ObjectNode object) {
    return Reviews.response(service.review(Reviews.review("CREATE", object, null), true).json());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "readme-catalog-DuckLakeCatalog",
        "readme-table-DuckLakeTable",
        "readme-pool-DuckLakePool",
        "readme-materialize-DuckLakeTable",
        "readme-nested-DuckLakePool"
      })
  void readmeObjectsAreAdmittedAndTheirDefaultsAreStable(String fixture) {
    ObjectNode object = Reviews.fixture(fixture);
    JsonNode mutated = mutate(object);
    assertThat(mutated.get("allowed").asBoolean()).isTrue();
    ObjectNode defaulted = Reviews.apply(object, Reviews.patch(mutated));
    assertThat(Reviews.patch(mutate(defaulted))).as("defaulting twice changes nothing").isEmpty();
    JsonNode validated = validate("CREATE", defaulted, null);
    assertThat(validated.get("allowed").asBoolean()).as(validated.toString()).isTrue();
    assertThat(validate("CREATE", object, null).get("allowed").asBoolean()).isTrue();
  }

  @Test
  void readmeTablePartitionedByAnUndeclaredColumnIsAdmittedWithAWarning() {
    JsonNode r = validate("CREATE", Reviews.fixture("readme-table-DuckLakeTable"), null);
    assertThat(r.get("allowed").asBoolean()).isTrue();
    assertThat(r.get("warnings").get(0).asText())
        .startsWith("spec.format.partitioning[0]: 'created_at' is not a column of this table");
  }

  @Test
  void aTableLocationMayNotBeWhereDuckLakeKeepsItsOwnTables() {
    ObjectNode table = Reviews.yaml(TABLE);
    ((ObjectNode) table.get("spec")).put("location", "main/other_table");
    JsonNode refused = validate("CREATE", table, null);
    assertThat(refused.get("allowed").asBoolean()).isFalse();
    assertThat(refused.at("/status/message").asText())
        .contains("spec.location")
        .contains("where DuckLake keeps its own tables' files");
    ((ObjectNode) table.get("spec")).put("location", "imports/events");
    assertThat(validate("CREATE", table, null).get("allowed").asBoolean()).isTrue();
  }

  @Test
  void defaultsFollowTheGoWebhooksAndTheReadme() {
    ObjectNode catalog =
        Reviews.apply(
            Reviews.fixture("readme-catalog-DuckLakeCatalog"),
            Reviews.patch(mutate(Reviews.fixture("readme-catalog-DuckLakeCatalog"))));
    assertThat(catalog.at("/spec/objectStore/endpoint").asText())
        .isEqualTo("https://s3.amazonaws.com");
    assertThat(catalog.at("/spec/backend").asText()).isEqualTo("duckdb");
    assertThat(catalog.at("/spec/deletionPolicy").asText()).isEqualTo("Retain");
    assertThat(catalog.at("/spec/objectStore/credentialsSecret/accessKeyField").asText())
        .isEqualTo("access-key");

    ObjectNode table = Reviews.fixture("readme-materialize-DuckLakeTable");
    table.with("spec").with("materializeTo").remove("format");
    table = Reviews.apply(table, Reviews.patch(mutate(table)));
    assertThat(table.at("/spec/mode").asText()).isEqualTo("append");
    assertThat(table.at("/spec/format/compression").asText()).isEqualTo("ZSTD");
    assertThat(table.at("/spec/materializeTo/format/type").asText()).isEqualTo("parquet");
    assertThat(table.at("/spec/materializeTo/format/compression").asText()).isEqualTo("ZSTD");
    assertThat(table.at("/spec/columns/0/nullable").asBoolean(true)).isFalse();

    ObjectNode retention = Reviews.yaml(CATALOG);
    ((ObjectNode) retention.at("/spec/backupPolicy")).remove("retentionDays");
    retention = Reviews.apply(retention, Reviews.patch(mutate(retention)));
    assertThat(retention.at("/spec/backupPolicy/retentionDays").asInt()).isEqualTo(7);

    ObjectNode flat =
        Reviews.apply(
            Reviews.fixture("readme-pool-DuckLakePool"),
            Reviews.patch(mutate(Reviews.fixture("readme-pool-DuckLakePool"))));
    assertThat(flat.at("/spec/maxIdleTime").asText()).isEqualTo("300s");
    assertThat(flat.at("/spec/stabilizationWindow").asText()).isEqualTo("2m");
    assertThat(flat.has("lifecyclePolicies")).isFalse();
    ObjectNode nested = Reviews.yaml(POOL);
    nested.with("spec").putObject("lifecyclePolicies").put("maxQueries", 5);
    nested = Reviews.apply(nested, Reviews.patch(mutate(nested)));
    assertThat(nested.at("/spec/lifecyclePolicies/maxIdleTime").asText()).isEqualTo("5m");
    assertThat(nested.at("/spec/lifecyclePolicies/maxQueries").asInt()).isEqualTo(5);
    assertThat(nested.at("/spec/queue/policy").asText()).isEqualTo("fifo");
  }

  static Arguments reject(String base, String field, Consumer<ObjectNode> change) {
    return Arguments.of(base, null, field, change);
  }

  static Arguments rejectUpdate(String base, String field, Consumer<ObjectNode> change) {
    return Arguments.of(base, "UPDATE", field, change);
  }

  static ObjectNode at(ObjectNode o, String pointer) {
    return (ObjectNode) o.at(pointer);
  }

  static Stream<Arguments> invalidObjects() {
    return Stream.of(
        reject(
            CATALOG,
            "spec.catalogPath",
            o -> at(o, "/spec").put("catalogPath", "/var/../etc/x.db")),
        reject(CATALOG, "spec.catalogPath", o -> at(o, "/spec").put("catalogPath", "/tmp/x.db")),
        reject(
            CATALOG,
            "spec.catalogPath",
            o -> at(o, "/spec").put("catalogPath", "/opt/featherman/duckdb-extensions/x.db")),
        reject(CATALOG, "spec.catalogPath", o -> at(o, "/spec").put("catalogPath", "/opt/x.db")),
        reject(CATALOG, "spec.catalogPath", o -> at(o, "/spec").put("catalogPath", "/x.db")),
        reject(
            CATALOG,
            "spec.objectStore.prefix",
            o -> at(o, "/spec/objectStore").put("prefix", "a/*")),
        reject(
            CATALOG,
            "spec.objectStore.prefix",
            o -> at(o, "/spec/objectStore").put("prefix", "a?b")),
        reject(
            CATALOG,
            "spec.objectStore.prefix",
            o -> at(o, "/spec/objectStore").put("prefix", "team/[ab]")),
        reject(
            CATALOG,
            "spec.maintenance.expireSnapshotsOlderThan",
            o ->
                at(o, "/spec")
                    .putObject("maintenance")
                    .put("schedule", "@daily")
                    .put("expireSnapshotsOlderThan", "99999999999999999999h")),
        reject(TABLE, "spec.catalogRef", o -> at(o, "/spec").put("catalogRef", "a".repeat(254))),
        reject(
            TABLE,
            "spec.columns[0].comment",
            o -> at(o, "/spec/columns/0").put("comment", "a\u0000b")),
        reject(TABLE, "spec.comment", o -> at(o, "/spec").put("comment", "x\u001b[31m")),
        reject(
            POOL,
            "spec.maxIdleTime",
            o -> at(o, "/spec").put("maxIdleTime", "99999999999999999999h")),
        reject(POOL, "spec.maxIdleTime", o -> at(o, "/spec").put("maxIdleTime", "2562048h")),
        reject(
            POOL,
            "spec.template.securityContext.runAsUser",
            o ->
                at(o, "/spec")
                    .putObject("template")
                    .putObject("securityContext")
                    .put("runAsUser", 0)),
        reject(
            POOL,
            "spec.template.securityContext.runAsNonRoot",
            o ->
                at(o, "/spec")
                    .putObject("template")
                    .putObject("securityContext")
                    .put("runAsNonRoot", false)),
        reject(
            POOL,
            "spec.template.securityContext.seccompProfile.type",
            o ->
                at(o, "/spec")
                    .putObject("template")
                    .putObject("securityContext")
                    .putObject("seccompProfile")
                    .put("type", "Unconfined")),
        reject(CATALOG, "spec.objectStore", o -> at(o, "/spec").remove("objectStore")),
        reject(
            CATALOG,
            "spec.objectStore.bucket",
            o -> at(o, "/spec/objectStore").put("bucket", "My_Bucket")),
        reject(
            CATALOG,
            "spec.objectStore.bucket",
            o -> at(o, "/spec/objectStore").put("bucket", "ab")),
        reject(
            CATALOG,
            "spec.objectStore.bucket",
            o -> at(o, "/spec/objectStore").put("bucket", "192.168.1.1")),
        reject(
            CATALOG,
            "spec.objectStore.bucket",
            o -> at(o, "/spec/objectStore").put("bucket", "a..b")),
        reject(
            CATALOG,
            "spec.objectStore.bucket",
            o -> at(o, "/spec/objectStore").put("bucket", "xn--lake")),
        reject(
            CATALOG,
            "spec.objectStore.endpoint",
            o -> at(o, "/spec/objectStore").put("endpoint", "http://u:p@host")),
        reject(
            CATALOG,
            "spec.objectStore.endpoint",
            o -> at(o, "/spec/objectStore").put("endpoint", "minio/path")),
        reject(
            CATALOG,
            "spec.objectStore.endpoint",
            o -> at(o, "/spec/objectStore").put("endpoint", "minio:99999")),
        reject(
            CATALOG,
            "spec.objectStore.prefix",
            o -> at(o, "/spec/objectStore").put("prefix", "../escape")),
        reject(
            CATALOG,
            "spec.objectStore.prefix",
            o -> at(o, "/spec/objectStore").put("prefix", "/absolute")),
        reject(
            CATALOG,
            "spec.objectStore.region",
            o -> at(o, "/spec/objectStore").put("region", "EU West")),
        reject(
            CATALOG,
            "spec.objectStore.credentialsSecret.name",
            o -> at(o, "/spec/objectStore/credentialsSecret").remove("name")),
        reject(CATALOG, "spec.size", o -> at(o, "/spec").put("size", "10Mi")),
        reject(CATALOG, "spec.size", o -> at(o, "/spec").put("size", "lots")),
        reject(
            CATALOG,
            "spec.backupPolicy.schedule",
            o -> at(o, "/spec/backupPolicy").put("schedule", "every day")),
        reject(
            CATALOG,
            "spec.backupPolicy.schedule",
            o -> at(o, "/spec/backupPolicy").put("schedule", "61 * * * *")),
        reject(
            CATALOG,
            "spec.backupPolicy.schedule",
            o -> at(o, "/spec/backupPolicy").put("schedule", "@every5m")),
        reject(
            CATALOG,
            "spec.backupPolicy.schedule",
            o -> at(o, "/spec/backupPolicy").put("schedule", "0 2 * *")),
        reject(
            CATALOG,
            "spec.backupPolicy.schedule",
            o -> at(o, "/spec/backupPolicy").put("schedule", "0 5-2 * * *")),
        reject(
            CATALOG,
            "spec.backupPolicy.retentionDays",
            o -> at(o, "/spec/backupPolicy").put("retentionDays", 0)),
        reject(CATALOG, "spec.postgres", o -> at(o, "/spec").put("backend", "postgres")),
        reject(
            CATALOG,
            "spec.postgres.host",
            o ->
                at(o, "/spec")
                    .put("backend", "postgres")
                    .putObject("postgres")
                    .put("database", "lake")
                    .putObject("credentialsSecret")
                    .put("name", "pg")),
        reject(
            CATALOG,
            "spec.postgres.credentialsSecret.name",
            o ->
                at(o, "/spec")
                    .put("backend", "postgres")
                    .putObject("postgres")
                    .put("host", "db")
                    .put("database", "lake")),
        reject(
            CATALOG,
            "spec.postgres.port",
            o ->
                at(o, "/spec")
                    .put("backend", "postgres")
                    .putObject("postgres")
                    .put("host", "db")
                    .put("database", "lake")
                    .put("port", 70000)
                    .putObject("credentialsSecret")
                    .put("name", "pg")),
        reject(
            CATALOG,
            "spec.ducklake.dataInliningRowLimit",
            o -> at(o, "/spec/ducklake").put("dataInliningRowLimit", -1)),
        rejectUpdate(CATALOG, "spec.backend", o -> at(o, "/spec").put("backend", "sqlite")),
        rejectUpdate(CATALOG, "spec.storageClass", o -> at(o, "/spec").put("storageClass", "fast")),
        rejectUpdate(
            CATALOG,
            "spec.objectStore.bucket",
            o -> at(o, "/spec/objectStore").put("bucket", "other-bucket")),
        rejectUpdate(
            CATALOG,
            "spec.objectStore.prefix",
            o -> at(o, "/spec/objectStore").put("prefix", "team/b")),
        rejectUpdate(CATALOG, "spec.size", o -> at(o, "/spec").put("size", "5Gi")),
        rejectUpdate(
            CATALOG,
            "spec.ducklake.encrypted",
            o -> at(o, "/spec/ducklake").put("encrypted", true)),
        reject(TABLE, "spec.name", o -> at(o, "/spec").put("name", "events; DROP TABLE x")),
        reject(TABLE, "spec.name", o -> at(o, "/spec").put("name", "select")),
        reject(TABLE, "spec.name", o -> at(o, "/spec").put("name", "t".repeat(70))),
        reject(TABLE, "spec.catalogRef", o -> at(o, "/spec").put("catalogRef", "Bad_Name")),
        reject(TABLE, "spec.columns", o -> at(o, "/spec").putArray("columns")),
        reject(TABLE, "spec.columns[0].type", o -> at(o, "/spec/columns/0").put("type", "INTEGR")),
        reject(
            TABLE,
            "spec.columns[1].type",
            o -> at(o, "/spec/columns/1").put("type", "DECIMAL(40,2)")),
        reject(
            TABLE,
            "spec.columns[0].type",
            o -> at(o, "/spec/columns/0").put("type", "INTEGER); DROP TABLE x; --")),
        reject(TABLE, "spec.columns[1].name", o -> at(o, "/spec/columns/1").put("name", "ID")),
        reject(TABLE, "spec.columns[0].name", o -> at(o, "/spec/columns/0").put("name", "order")),
        reject(
            TABLE,
            "spec.columns[0].renamedFrom",
            o -> at(o, "/spec/columns/0").put("renamedFrom", "old name")),
        reject(
            TABLE,
            "spec.format.partitioning[0]",
            o -> at(o, "/spec/format").putArray("partitioning").add("week(id)")),
        reject(TABLE, "spec.location", o -> at(o, "/spec").put("location", "../elsewhere")),
        reject(
            TABLE,
            "spec.materializeTo.sql",
            o ->
                at(o, "/spec")
                    .putObject("materializeTo")
                    .put("enabled", true)
                    .putObject("destination")
                    .put("bucket", "exports")),
        rejectMaterialization("SELECT * FROM read_text('/proc/self/environ')"),
        rejectMaterialization("SELECT 1 --x\r; DROP TABLE trips"),
        rejectMaterialization("SELECT * FROM duckdb_secrets()"),
        rejectMaterialization("SELECT current_setting('s3_secret_access_key')"),
        rejectMaterialization("SELECT * FROM example.set_option('require_commit_message', true)"),
        rejectMaterialization("DELETE FROM trips"),
        rejectMaterialization("SELECT 1; SELECT 2"),
        rejectMaterialization("SELECT * FROM query('SELECT 1')"),
        reject(
            TABLE,
            "spec.materializeTo.destination",
            o ->
                at(o, "/spec")
                    .putObject("materializeTo")
                    .put("enabled", true)
                    .put("sql", "SELECT 1")),
        reject(
            TABLE,
            "spec.materializeTo.destination.bucket",
            o ->
                at(o, "/spec")
                    .putObject("materializeTo")
                    .put("sql", "SELECT 1")
                    .putObject("destination")
                    .put("bucket", "Exports!")),
        reject(
            TABLE,
            "spec.materializeTo.schedule",
            o ->
                at(o, "/spec")
                    .putObject("materializeTo")
                    .put("sql", "SELECT 1")
                    .put("schedule", "hourly")
                    .putObject("destination")
                    .put("bucket", "exports")),
        rejectUpdate(TABLE, "spec.name", o -> at(o, "/spec").put("name", "events2")),
        rejectUpdate(TABLE, "spec.catalogRef", o -> at(o, "/spec").put("catalogRef", "other")),
        rejectUpdate(
            TABLE, "spec.columns[0].type", o -> at(o, "/spec/columns/0").put("type", "INTEGER")),
        rejectUpdate(
            TABLE, "spec.columns[1].type", o -> at(o, "/spec/columns/1").put("type", "VARCHAR")),
        rejectUpdate(
            TABLE,
            "spec.columns[2].nullable",
            o ->
                ((com.fasterxml.jackson.databind.node.ArrayNode) o.at("/spec/columns"))
                    .addObject()
                    .put("name", "added")
                    .put("type", "INTEGER")),
        reject(POOL, "spec.minSize", o -> at(o, "/spec").put("minSize", 5).put("maxSize", 2)),
        reject(POOL, "spec.targetUtilization", o -> at(o, "/spec").put("targetUtilization", 1.5)),
        reject(POOL, "spec.targetUtilization", o -> at(o, "/spec").put("targetUtilization", 0)),
        reject(POOL, "spec.maxIdleTime", o -> at(o, "/spec").put("maxIdleTime", "5 minutes")),
        reject(POOL, "spec.scaleInterval", o -> at(o, "/spec").put("scaleInterval", "100ms")),
        reject(
            POOL,
            "spec.lifecyclePolicies.maxLifetime",
            o -> at(o, "/spec").putObject("lifecyclePolicies").put("maxLifetime", "forever")),
        reject(
            POOL,
            "spec.queue.policy",
            o -> at(o, "/spec").putObject("queue").put("policy", "lifo")),
        reject(POOL, "spec.catalogRef.name", o -> at(o, "/spec/catalogRef").remove("name")),
        reject(POOL, "spec.maxSize", o -> at(o, "/spec/catalogRef").put("name", "single")),
        rejectUpdate(
            POOL, "spec.catalogRef.name", o -> at(o, "/spec/catalogRef").put("name", "other")),
        reject(BACKUP, "spec.catalogRef", o -> at(o, "/spec").remove("catalogRef")),
        reject(BACKUP, "spec.trigger", o -> at(o, "/spec").put("trigger", "hourly")),
        rejectUpdate(BACKUP, "spec.catalogRef", o -> at(o, "/spec").put("catalogRef", "other")),
        reject(
            CATALOG,
            "spec.backupPolicy.timeZone",
            o -> at(o, "/spec/backupPolicy").put("timeZone", "Moon/Base")),
        reject(
            CATALOG,
            "spec.backupPolicy.schedule",
            o -> at(o, "/spec/backupPolicy").put("schedule", "0 2 1 * MON")),
        reject(
            CATALOG,
            "spec.backupPolicy.schedule",
            o -> at(o, "/spec/backupPolicy").put("schedule", "@every 10ms")),
        reject(
            CATALOG,
            "spec.maintenance.cleanupFilesOlderThan",
            o ->
                at(o, "/spec")
                    .putObject("maintenance")
                    .put("schedule", "@weekly")
                    .put("cleanupFilesOlderThan", "a week")),
        reject(CATALOG, "spec.restore", o -> at(o, "/spec").putObject("restore")),
        rejectUpdate(
            CATALOG,
            "spec.restore",
            o -> at(o, "/spec").putObject("restore").put("backupName", "nightly")));
  }

  @Test
  void backupsAndRestoresGetTheirDefaults() {
    ObjectNode backup = Reviews.yaml(BACKUP);
    JsonNode r = mutate(backup);
    assertThat(r.get("allowed").asBoolean()).as(r.toString()).isTrue();
    assertThat(Reviews.apply(backup, Reviews.patch(r)).at("/spec/trigger").asText())
        .isEqualTo("manual");
    ObjectNode catalog = Reviews.yaml(CATALOG);
    at(catalog, "/spec").put("restoreVersion", "nightly");
    ObjectNode defaulted = Reviews.apply(catalog, Reviews.patch(mutate(catalog)));
    assertThat(defaulted.at("/spec/restore/backupName").asText()).isEqualTo("nightly");
    assertThat(defaulted.at("/spec/backupPolicy/timeZone").asText()).isEqualTo("UTC");
    assertThat(validate("CREATE", defaulted, null).get("allowed").asBoolean()).isTrue();
  }

  /** A table whose materialization SQL the query sandbox refuses. */
  static Arguments rejectMaterialization(String sql) {
    return reject(
        TABLE,
        "spec.materializeTo.sql",
        o ->
            at(o, "/spec")
                .putObject("materializeTo")
                .put("sql", sql)
                .putObject("destination")
                .put("bucket", "exports"));
  }

  @Test
  void poolsRunOnlyAllowedWorkerImages() throws Exception {
    AdmissionService strict =
        new AdmissionService(
            CATALOGS,
            new MaterializationSql(),
            new dev.featherman.api.validation.ImagePolicy(
                java.util.List.of("registry.example.com/featherman/")));
    ObjectNode pool = Reviews.yaml(POOL);
    at(pool, "/spec").putObject("template").put("image", "evil.example/steal-tokens:1");
    JsonNode denied =
        Reviews.response(strict.review(Reviews.review("CREATE", pool, null), false).json());
    assertThat(denied.get("allowed").asBoolean()).isFalse();
    assertThat(denied.at("/status/message").asText())
        .contains("spec.template.image")
        .contains("registry.example.com/featherman/");
    at(pool, "/spec/template").put("image", "registry.example.com/featherman/worker:0.1.0");
    JsonNode allowed =
        Reviews.response(strict.review(Reviews.review("CREATE", pool, null), false).json());
    assertThat(allowed.get("allowed").asBoolean()).as(allowed.toString()).isTrue();
  }

  @Test
  void aMaterializationTheSandboxAcceptsIsAdmitted() {
    ObjectNode table = Reviews.yaml(TABLE);
    at(table, "/spec")
        .putObject("materializeTo")
        .put("sql", "SELECT vendor, count(*) AS n FROM trips GROUP BY ALL -- daily; by vendor")
        .putObject("destination")
        .put("bucket", "exports");
    JsonNode r = validate("CREATE", table, null);
    assertThat(r.get("allowed").asBoolean()).as(r.toString()).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {2}")
  @MethodSource("invalidObjects")
  void invalidObjectIsRejectedAtItsField(
      String base, String operation, String field, Consumer<ObjectNode> change) {
    ObjectNode original = Reviews.yaml(base);
    ObjectNode changed = original.deepCopy();
    change.accept(changed);
    JsonNode r =
        "UPDATE".equals(operation)
            ? validate("UPDATE", changed, original)
            : validate("CREATE", changed, null);
    assertThat(r.get("allowed").asBoolean()).as(r.toString()).isFalse();
    assertThat(r.at("/status/code").asInt()).isEqualTo(422);
    assertThat(r.at("/status/message").asText())
        .as(r.toString())
        .contains(" is invalid: " + field + ": ");
  }

  @Test
  void thereAreAtLeastFortyDistinctInvalidObjects() {
    assertThat(invalidObjects().count()).isGreaterThanOrEqualTo(40);
  }

  @Test
  void validUpdatesPass() {
    ObjectNode old = Reviews.yaml(TABLE);
    ObjectNode widened = old.deepCopy();
    at(widened, "/spec/columns/1").put("type", "DECIMAL(12,2)");
    ((ArrayNode) widened.at("/spec/columns"))
        .addObject()
        .put("name", "note")
        .put("type", "VARCHAR")
        .put("nullable", true);
    ObjectNode renamed = at(widened, "/spec/columns/0");
    renamed.put("name", "event_id").put("renamedFrom", "id");
    at(widened, "/spec/format").putArray("partitioning").add("event_id");
    JsonNode r = validate("UPDATE", widened, old);
    assertThat(r.get("allowed").asBoolean()).as(r.toString()).isTrue();
    ObjectNode resized = Reviews.yaml(CATALOG);
    at(resized, "/spec").put("size", "20Gi");
    assertThat(validate("UPDATE", resized, Reviews.yaml(CATALOG)).get("allowed").asBoolean())
        .isTrue();
    ObjectNode shrunk = Reviews.yaml(CATALOG);
    at(shrunk, "/spec").put("size", "1Mi");
    JsonNode s = validate("UPDATE", shrunk, resized);
    assertThat(s.get("allowed").asBoolean()).isFalse();
    assertThat(s.at("/status/message").asText()).contains("spec.size: a volume can grow but not");
  }

  @Test
  void warningsForRiskyButLegalSettings() {
    ObjectNode pool = Reviews.yaml(POOL);
    at(pool, "/spec/catalogRef").put("name", "not-yet");
    JsonNode r = validate("CREATE", pool, null);
    assertThat(r.get("allowed").asBoolean()).isTrue();
    assertThat(r.get("warnings").get(0).asText())
        .contains("DuckLakeCatalog 'not-yet' does not exist yet");
    ObjectNode catalog = Reviews.yaml(CATALOG);
    at(catalog, "/spec").put("deletionPolicy", "Delete");
    at(catalog, "/spec/ducklake").put("encrypted", true);
    JsonNode c = validate("CREATE", catalog, null);
    assertThat(c.get("warnings").toString())
        .contains("spec.deletionPolicy")
        .contains("spec.ducklake.encrypted");
  }

  @Test
  void fieldsThatChangeNothingYetAreAdmittedWithAWarningSayingSo() {
    ObjectNode table = Reviews.yaml(TABLE);
    at(table, "/spec").put("ttlDays", 30).put("mode", "overwrite");
    JsonNode t = validate("CREATE", table, null);
    assertThat(t.get("allowed").asBoolean()).as(t.toString()).isTrue();
    assertThat(t.get("warnings").toString())
        .contains("spec.ttlDays: not applied yet")
        .contains("spec.mode: overwrite is not applied yet");
    ObjectNode catalog = Reviews.yaml(CATALOG);
    at(catalog, "/spec").putObject("versioning").put("enabled", true);
    assertThat(validate("CREATE", catalog, null).get("warnings").toString())
        .contains("spec.versioning: not applied yet");
    ObjectNode pool = Reviews.yaml(POOL);
    at(pool, "/spec").putObject("metrics").put("enabled", true);
    assertThat(validate("CREATE", pool, null).get("warnings").toString())
        .contains("spec.metrics: not applied yet");
  }

  @Test
  void wrongKindsUnreadableObjectsAndDeletesNeverThrow() {
    ObjectNode pod = Reviews.yaml("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {}\n");
    JsonNode r = validate("CREATE", pod, null);
    assertThat(r.get("allowed").asBoolean()).isFalse();
    assertThat(r.at("/status/message").asText()).contains("not handled by the Featherman webhook");
    ObjectNode garbled = Reviews.yaml(TABLE);
    at(garbled, "/spec").put("columns", "not a list");
    JsonNode g = validate("CREATE", garbled, null);
    assertThat(g.get("allowed").asBoolean()).isFalse();
    assertThat(g.at("/status/message").asText()).contains("cannot be read");
    assertThat(validate("DELETE", null, Reviews.yaml(TABLE)).get("allowed").asBoolean()).isTrue();
    assertThatThrownBy(() -> service.review("{not json", false))
        .isInstanceOf(AdmissionService.BadReviewException.class);
    assertThatThrownBy(() -> service.review("{\"kind\":\"AdmissionReview\"}", false))
        .isInstanceOf(AdmissionService.BadReviewException.class);
    assertThatThrownBy(() -> service.review("[]", true))
        .isInstanceOf(AdmissionService.BadReviewException.class);
  }
}
