package dev.featherman.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.ColumnSpec;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeTable;
import dev.featherman.api.v1alpha1.TablePhase;
import dev.featherman.engine.EngineSettings;
import dev.featherman.engine.TestingLakes;
import dev.featherman.engine.connect.CatalogSecrets;
import dev.featherman.engine.connect.LakeConfigs;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.connect.LakeSessionFactory;
import dev.featherman.engine.connect.S3Credentials;
import dev.featherman.engine.ddl.TableInspector;
import dev.featherman.testkit.TestingKubernetes;
import dev.featherman.worker.TestingKubelet;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The controller on a mock API server, with a Testing kubelet that runs its worker Jobs in-process
 * against real DuckDB and the in-JVM S3 server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class CatalogAndTableIT {
  static final String NS = "lakes";
  static final TestingKubernetes K8S = new TestingKubernetes(NS);
  static final Path VOLUMES;
  static TestingKubelet kubelet;

  static {
    try {
      VOLUMES = Files.createTempDirectory("featherman-volumes-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    K8S.useAsDefaultCluster();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry r) {
    r.add("featherman.controller.leader-election", () -> false);
    r.add("featherman.controller.wait-interval", () -> "300ms");
    r.add("featherman.controller.probe-timeout", () -> "2s");
    r.add("featherman.controller.resync-interval", () -> "60s");
  }

  @BeforeAll
  static void cluster() throws Exception {
    kubelet = new TestingKubelet(K8S.client, VOLUMES);
    K8S.createStorageClass("standard");
    K8S.createS3Secret(
        NS, "s3-credentials", TestingLakes.s3().accessKey(), TestingLakes.s3().secretKey());
    TestingLakes.s3().createBucket("my-data-lake");
    TestingLakes.s3().createBucket("second-lake");
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    K8S.close();
    System.clearProperty("kubernetes.master");
  }

  static KubernetesClient k8s() {
    return K8S.client;
  }

  static <T> T fixture(String name, Class<T> type) throws Exception {
    try (InputStream in =
        CatalogAndTableIT.class.getResourceAsStream("CatalogAndTableIT." + name + ".yaml")) {
      return Serialization.unmarshal(in, type);
    }
  }

  static DuckLakeCatalog readmeCatalog(String name, String bucket) throws Exception {
    DuckLakeCatalog catalog = fixture("readme-DuckLakeCatalog", DuckLakeCatalog.class);
    catalog.getMetadata().setName(name);
    catalog.getMetadata().setNamespace(NS);
    // The README's endpoint is AWS; here it is the in-JVM server, which speaks plain HTTP.
    catalog.getSpec().getObjectStore().setEndpoint("http://" + TestingLakes.s3().hostAndPort());
    catalog.getSpec().getObjectStore().setBucket(bucket);
    return catalog;
  }

  static DuckLakeCatalog catalog(String name) {
    return k8s().resources(DuckLakeCatalog.class).inNamespace(NS).withName(name).get();
  }

  static DuckLakeTable table(String name) {
    return k8s().resources(DuckLakeTable.class).inNamespace(NS).withName(name).get();
  }

  static Condition condition(DuckLakeCatalog c, String type) {
    return c == null || c.getStatus() == null
        ? null
        : Conditions.find(c.getStatus(), type).orElse(null);
  }

  static void awaitCatalog(String name, String type, String status, String reason) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              Condition c = condition(catalog(name), type);
              assertThat(c).as(name + " " + type).isNotNull();
              assertThat(c.getStatus() + "/" + c.getReason())
                  .as(c.getMessage())
                  .isEqualTo(status + "/" + reason);
            });
  }

  @Test
  void readmeCatalogAndTableReachReadyAndEvolve() throws Exception {
    k8s().resource(readmeCatalog("example", "my-data-lake")).create();
    awaitCatalog("example", ConditionTypes.READY, "True", "Reconciled");
    DuckLakeCatalog ready = catalog("example");
    assertThat(Conditions.isTrue(ready.getStatus(), ConditionTypes.OBJECT_STORE_REACHABLE))
        .isTrue();
    assertThat(Conditions.isTrue(ready.getStatus(), ConditionTypes.STORAGE_READY)).isTrue();
    assertThat(Conditions.isTrue(ready.getStatus(), ConditionTypes.CATALOG_INITIALIZED)).isTrue();
    assertThat(ready.getStatus().getDataPath()).isEqualTo("s3://my-data-lake/");
    assertThat(ready.getStatus().getObservedGeneration())
        .isEqualTo(ready.getMetadata().getGeneration());

    // The README table partitions by a column it does not declare: the Job explains it.
    DuckLakeTable users = fixture("readme-DuckLakeTable", DuckLakeTable.class);
    users.getMetadata().setNamespace(NS);
    k8s().resource(users).create();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              DuckLakeTable t = table("users");
              assertThat(t.getStatus()).isNotNull();
              assertThat(t.getStatus().getPhase()).isEqualTo(TablePhase.Failed);
              assertThat(
                      Conditions.find(t.getStatus(), ConditionTypes.READY)
                          .orElseThrow()
                          .getMessage())
                  .startsWith(
                      "spec.format.partitioning[0]: 'created_at' is not a column of this table");
            });

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                k8s().v1().events().inNamespace(NS).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "users".equals(e.getInvolvedObject().getName())
                                && "InvalidSpec".equals(e.getReason())
                                && "Warning".equals(e.getType())
                                && e.getMessage().contains("created_at")));

    DuckLakeTable fixed = table("users");
    ColumnSpec createdAt = new ColumnSpec("created_at", "TIMESTAMP");
    createdAt.setNullable(true);
    fixed.getSpec().getColumns().add(createdAt);
    k8s().resource(fixed).update();
    awaitTableReady("users");

    DuckLakeTable evolved = table("users");
    ColumnSpec email = new ColumnSpec("email", "VARCHAR");
    email.setNullable(true);
    evolved.getSpec().getColumns().add(email);
    evolved.getSpec().getColumns().get(0).setType("BIGINT");
    k8s().resource(evolved).update();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              DuckLakeTable t = table("users");
              assertThat(t.getStatus().getObservedGeneration())
                  .isEqualTo(t.getMetadata().getGeneration());
              assertThat(t.getStatus().getPhase()).isEqualTo(TablePhase.Succeeded);
            });
    var history = table("users").getStatus().getVersionHistory();
    assertThat(history).hasSizeGreaterThanOrEqualTo(2);
    assertThat(history.get(0).getId()).isEqualTo(table("users").getStatus().getSnapshotId());
    assertThat(history.get(0).getId()).isGreaterThan(history.get(1).getId());

    int jobsBefore = kubelet.jobsRun.get();
    try (LakeSession session =
        new LakeSessionFactory(EngineSettings.defaults())
            .open(
                LakeConfigs.fromSpec(
                    "example",
                    catalog("example").getSpec(),
                    new CatalogSecrets(
                        new S3Credentials(
                            TestingLakes.s3().accessKey(), TestingLakes.s3().secretKey(), null),
                        null,
                        null),
                    VOLUMES.resolve("example-catalog/catalog.db")))) {
      var columns = new TableInspector(session).columns("users");
      assertThat(columns)
          .extracting(c -> c.name() + " " + c.type().sql())
          .containsExactly("id BIGINT", "name VARCHAR", "created_at TIMESTAMP", "email VARCHAR");
      assertThat(new TableInspector(session).partitioning("users")).containsExactly("created_at");
    }
    assertThat(kubelet.jobsRun.get()).as("reading status started no new Job").isEqualTo(jobsBefore);
  }

  static void awaitTableReady(String name) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              DuckLakeTable t = table(name);
              assertThat(t.getStatus()).isNotNull();
              assertThat(t.getStatus().getPhase())
                  .as(String.valueOf(t.getStatus().getConditions()))
                  .isEqualTo(TablePhase.Succeeded);
              assertThat(t.getStatus().getObservedGeneration())
                  .isEqualTo(t.getMetadata().getGeneration());
            });
  }

  @org.springframework.beans.factory.annotation.Autowired
  io.micrometer.core.instrument.MeterRegistry registry;

  @Test
  void reconciliationsAreMeasuredPerController() throws Exception {
    k8s().resource(readmeCatalog("measured", "second-lake")).create();
    awaitCatalog("measured", ConditionTypes.READY, "True", "Reconciled");
    assertThat(
            registry
                .find("featherman.controller.reconciliations")
                .tags("kind", "DuckLakeCatalog", "result", "success")
                .counter()
                .count())
        .isPositive();
    assertThat(
            registry
                .find("featherman.controller.reconcile.duration")
                .tags("kind", "DuckLakeCatalog")
                .timer()
                .count())
        .isPositive();
  }

  @Test
  void secretProblemsAreNamedThenRecover() throws Exception {
    DuckLakeCatalog c = readmeCatalog("keys", "second-lake");
    c.getSpec().setBackend(dev.featherman.api.v1alpha1.CatalogBackend.sqlite);
    c.getSpec().getObjectStore().setPrefix("keys");
    c.getSpec().getObjectStore().getCredentialsSecret().setName("keys-credentials");
    // Not marked for catalogs: its values are never read, let alone sent to the endpoint.
    k8s().resource(keysSecret(false, Map.of("access-key", TestingLakes.s3().accessKey()))).create();
    k8s().resource(c).create();
    awaitCatalog("keys", ConditionTypes.READY, "False", "SecretNotAllowed");
    assertThat(condition(catalog("keys"), ConditionTypes.READY).getMessage())
        .contains("ducklake.featherman.dev/credentials=true");
    k8s().resource(keysSecret(true, Map.of("access-key", TestingLakes.s3().accessKey()))).update();
    awaitCatalog("keys", ConditionTypes.READY, "False", "SecretKeyMissing");
    assertThat(condition(catalog("keys"), ConditionTypes.READY).getMessage())
        .contains(
            "Secret 'keys-credentials' has no key 'secret-key' (spec.objectStore.credentialsSecret.secretKeyField)");
    k8s()
        .resource(
            keysSecret(
                true,
                Map.of(
                    "access-key",
                    TestingLakes.s3().accessKey(),
                    "secret-key",
                    TestingLakes.s3().secretKey())))
        .update();
    awaitCatalog("keys", ConditionTypes.READY, "True", "Reconciled");
  }

  /** The Secret "keys-credentials" with {@code data}, marked for catalogs or not. */
  static io.fabric8.kubernetes.api.model.Secret keysSecret(
      boolean forCatalogs, Map<String, String> data) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("keys-credentials")
        .withNamespace(NS)
        .withLabels(forCatalogs ? Map.of(dev.featherman.api.Labels.CREDENTIALS, "true") : Map.of())
        .endMetadata()
        .withStringData(data)
        .build();
  }

  static DuckLakeTable simpleTable(
      String name, String catalog, dev.featherman.api.v1alpha1.DeletionPolicy policy) {
    DuckLakeTable t = new DuckLakeTable();
    t.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(name)
            .withNamespace(NS)
            .build());
    var spec = new dev.featherman.api.v1alpha1.DuckLakeTableSpec();
    spec.setCatalogRef(catalog);
    spec.setName(name);
    spec.setColumns(new java.util.ArrayList<>(java.util.List.of(new ColumnSpec("id", "BIGINT"))));
    spec.setDeletionPolicy(policy);
    t.setSpec(spec);
    return t;
  }

  @Test
  void deletePolicyWaitsForTablesThenRemovesOnlyDuckLakesData() throws Exception {
    DuckLakeCatalog c = readmeCatalog("doomed", "second-lake");
    c.getSpec().getObjectStore().setPrefix("doomed");
    c.getSpec().setDeletionPolicy(dev.featherman.api.v1alpha1.DeletionPolicy.Delete);
    k8s().resource(c).create();
    k8s()
        .resource(
            simpleTable("events", "doomed", dev.featherman.api.v1alpha1.DeletionPolicy.Delete))
        .create();
    k8s()
        .resource(simpleTable("kept", "doomed", dev.featherman.api.v1alpha1.DeletionPolicy.Retain))
        .create();
    awaitCatalog("doomed", ConditionTypes.READY, "True", "Reconciled");
    awaitTableReady("events");
    awaitTableReady("kept");
    try (var s3 = TestingLakes.s3Client()) {
      s3.putObject(
          b -> b.bucket("second-lake").key("doomed/not-ducklake.txt"),
          software.amazon.awssdk.core.sync.RequestBody.fromString("keep me"));
    }

    k8s().resource(catalog("doomed")).delete();
    awaitCatalog("doomed", ConditionTypes.READY, "False", "TablesRemain");
    assertThat(condition(catalog("doomed"), ConditionTypes.READY).getMessage())
        .contains("events, kept");

    k8s().resource(table("kept")).delete();
    k8s().resource(table("events")).delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> table("kept") == null && table("events") == null);
    await().atMost(Duration.ofSeconds(60)).until(() -> catalog("doomed") == null);
    // Deleted, or being deleted: the API server's pvc-protection finalizer may hold it a moment.
    var pvc = k8s().persistentVolumeClaims().inNamespace(NS).withName("doomed-catalog").get();
    assertThat(pvc == null || pvc.getMetadata().getDeletionTimestamp() != null)
        .as("the catalog's PVC is deleted: " + pvc)
        .isTrue();
    try (var s3 = TestingLakes.s3Client()) {
      assertThat(s3.listObjectsV2(b -> b.bucket("second-lake").prefix("doomed/")).contents())
          .extracting(o -> o.key())
          .containsExactly("doomed/not-ducklake.txt");
    }
  }

  @Test
  void materializationExportsParquetAndReportsIt() throws Exception {
    TestingLakes.s3().createBucket("exports");
    DuckLakeCatalog c = readmeCatalog("marts", "second-lake");
    c.getSpec().getObjectStore().setPrefix("marts");
    k8s().resource(c).create();
    DuckLakeTable sales = simpleTable("sales", "marts", null);
    var m = new dev.featherman.api.v1alpha1.MaterializeSpec();
    m.setEnabled(true);
    m.setSql(
        "SELECT country, count(*) AS cnt FROM (VALUES ('nl'), ('nl'), ('de')) v(country) GROUP BY country");
    var destination = new dev.featherman.api.v1alpha1.MaterializeSpec.Destination();
    destination.setBucket("exports");
    destination.setPrefix("top_users/");
    m.setDestination(destination);
    sales.getSpec().setMaterializeTo(m);
    k8s().resource(sales).create();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              DuckLakeTable t = table("sales");
              assertThat(t.getStatus()).isNotNull();
              assertThat(t.getStatus().getMaterialization())
                  .as(String.valueOf(t.getStatus().getConditions()))
                  .isNotNull();
              assertThat(t.getStatus().getMaterialization().getRowCount()).isEqualTo(2);
              assertThat(t.getStatus().getMaterialization().getOutputPath())
                  .isEqualTo("s3://exports/top_users/sales.parquet");
              assertThat(Conditions.isTrue(t.getStatus(), ConditionTypes.MATERIALIZED)).isTrue();
            });
    try (var s3 = TestingLakes.s3Client()) {
      assertThat(
              s3.headObject(b -> b.bucket("exports").key("top_users/sales.parquet"))
                  .contentLength())
          .isPositive();
    }

    // A yearly schedule is far off; a request (what featherman materialize writes) runs it now.
    String firstRun = table("sales").getStatus().getMaterialization().getLastRun();
    DuckLakeTable scheduled = table("sales");
    scheduled.getSpec().getMaterializeTo().setSchedule("0 0 1 1 *");
    scheduled.getSpec().getMaterializeTo().setRequestedAt("2026-12-06T00:00:00Z");
    k8s().resource(scheduled).update();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              var done = table("sales").getStatus().getMaterialization();
              assertThat(done.getRequestedAt()).isEqualTo("2026-12-06T00:00:00Z");
              // The schedule goes on from its last slot, not from the requested run.
              assertThat(done.getLastRun()).isEqualTo(firstRun);
            });
  }

  @Test
  void aLargerSizeGrowsTheVolumeWhereTheStorageClassAllowsIt() throws Exception {
    k8s()
        .resource(
            new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder()
                .withNewMetadata()
                .withName("expandable")
                .endMetadata()
                .withProvisioner("test")
                .withAllowVolumeExpansion(true)
                .build())
        .create();
    DuckLakeCatalog growing = readmeCatalog("growing", "second-lake");
    growing.getSpec().getObjectStore().setPrefix("growing");
    growing.getSpec().setStorageClass("expandable");
    growing.getSpec().setSize(new io.fabric8.kubernetes.api.model.Quantity("1Gi"));
    DuckLakeCatalog fixed = readmeCatalog("fixed", "second-lake");
    fixed.getSpec().getObjectStore().setPrefix("fixed");
    fixed.getSpec().setSize(new io.fabric8.kubernetes.api.model.Quantity("1Gi"));
    k8s().resource(growing).create();
    k8s().resource(fixed).create();
    awaitCatalog("growing", ConditionTypes.STORAGE_READY, "True", ConditionReasons.RECONCILED);
    awaitCatalog("fixed", ConditionTypes.STORAGE_READY, "True", ConditionReasons.RECONCILED);

    for (String name : List.of("growing", "fixed")) {
      k8s()
          .resources(DuckLakeCatalog.class)
          .inNamespace(NS)
          .withName(name)
          .edit(
              c -> {
                c.getSpec().setSize(new io.fabric8.kubernetes.api.model.Quantity("2Gi"));
                return c;
              });
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        k8s()
                            .persistentVolumeClaims()
                            .inNamespace(NS)
                            .withName("growing-catalog")
                            .get()
                            .getSpec()
                            .getResources()
                            .getRequests()
                            .get("storage"))
                    .isEqualTo(new io.fabric8.kubernetes.api.model.Quantity("2Gi")));
    // The API server refuses to grow a volume its storage class cannot expand; the catalog says so.
    awaitCatalog(
        "fixed", ConditionTypes.STORAGE_READY, "True", ConditionReasons.VOLUME_RESIZE_REFUSED);
    assertThat(condition(catalog("fixed"), ConditionTypes.STORAGE_READY).getMessage())
        .contains("allowVolumeExpansion");
    for (String name : List.of("growing", "fixed")) {
      k8s().resource(catalog(name)).delete();
    }
  }

  @Test
  void retainPolicyKeepsVolumeAndTables() throws Exception {
    DuckLakeCatalog c = readmeCatalog("retained", "second-lake");
    c.getSpec().getObjectStore().setPrefix("retained");
    k8s().resource(c).create();
    k8s().resource(simpleTable("facts", "retained", null)).create();
    awaitTableReady("facts");
    k8s().resource(table("facts")).delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> table("facts") == null);
    k8s().resource(catalog("retained")).delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> catalog("retained") == null);
    assertThat(k8s().persistentVolumeClaims().inNamespace(NS).withName("retained-catalog").get())
        .isNotNull();
    try (LakeSession session =
        new LakeSessionFactory(EngineSettings.defaults())
            .open(
                LakeConfigs.fromSpec(
                    "retained",
                    c.getSpec(),
                    new CatalogSecrets(
                        new S3Credentials(
                            TestingLakes.s3().accessKey(), TestingLakes.s3().secretKey(), null),
                        null,
                        null),
                    VOLUMES.resolve("retained-catalog/catalog.db")))) {
      assertThat(new TableInspector(session).exists("facts")).isTrue();
    }
  }

  @Test
  void unreachableEndpointThenRecovery() throws Exception {
    DuckLakeCatalog c = readmeCatalog("faraway", "second-lake");
    c.getSpec().getObjectStore().setPrefix("faraway");
    c.getSpec().getObjectStore().setEndpoint("http://127.0.0.1:1");
    k8s().resource(c).create();
    awaitCatalog("faraway", ConditionTypes.OBJECT_STORE_REACHABLE, "False", "EndpointUnreachable");
    assertThat(condition(catalog("faraway"), ConditionTypes.READY).getReason())
        .isEqualTo("EndpointUnreachable");
    DuckLakeCatalog fix = catalog("faraway");
    fix.getSpec().getObjectStore().setEndpoint("http://" + TestingLakes.s3().hostAndPort());
    k8s().resource(fix).update();
    awaitCatalog("faraway", ConditionTypes.OBJECT_STORE_REACHABLE, "True", "Reconciled");
    awaitCatalog("faraway", ConditionTypes.READY, "True", "Reconciled");
  }
}
