package dev.featherman.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.ColumnSpec;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.v1alpha1.DuckLakeTable;
import dev.featherman.api.v1alpha1.DuckLakeTableSpec;
import dev.featherman.api.v1alpha1.TablePhase;
import dev.featherman.engine.TestingLakes;
import dev.featherman.testkit.ApiRequests;
import dev.featherman.testkit.TestingKubernetes;
import dev.featherman.worker.TestingKubelet;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** 50 tables over 5 catalogs of every backend, reconciled to Ready through worker Jobs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ScaleIT {
  static final String NS = "scale";
  static final TestingKubernetes K8S = new TestingKubernetes(NS);
  static final TestingKubelet KUBELET;

  static {
    try {
      KUBELET = new TestingKubelet(K8S.client, Files.createTempDirectory("featherman-scale-"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    K8S.useAsDefaultCluster();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry r) {
    r.add("featherman.controller.leader-election", () -> false);
    r.add("featherman.controller.wait-interval", () -> "300ms");
    r.add("featherman.controller.resync-interval", () -> "10m");
  }

  @AfterAll
  static void stop() {
    KUBELET.close();
    K8S.close();
    System.clearProperty("kubernetes.master");
  }

  @Test
  void fiftyTablesOverFiveCatalogs() throws Exception {
    K8S.createS3Secret(
        NS, "s3-credentials", TestingLakes.s3().accessKey(), TestingLakes.s3().secretKey());
    K8S.createPostgresSecret(NS, "pg-credentials");
    CatalogBackend[] backends = {
      CatalogBackend.duckdb,
      CatalogBackend.sqlite,
      CatalogBackend.postgres,
      CatalogBackend.duckdb,
      CatalogBackend.postgres
    };
    ApiRequests before = ApiRequests.of(K8S.apiServer());
    long started = System.nanoTime();
    List<String> tables = new ArrayList<>();
    for (int c = 0; c < backends.length; c++) {
      DuckLakeCatalogSpec spec = TestingLakes.spec(backends[c], "scale-lake");
      DuckLakeCatalog catalog = new DuckLakeCatalog();
      catalog.setMetadata(new ObjectMetaBuilder().withName("cat-" + c).withNamespace(NS).build());
      catalog.setSpec(spec);
      K8S.client.resource(catalog).create();
      for (int t = 0; t < 10; t++) {
        String name = "t" + c + "x" + t;
        DuckLakeTable table = new DuckLakeTable();
        table.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        DuckLakeTableSpec ts = new DuckLakeTableSpec();
        ts.setCatalogRef("cat-" + c);
        ts.setName(name);
        ColumnSpec at = new ColumnSpec("at", "TIMESTAMP");
        at.setNullable(true);
        ts.setColumns(
            new ArrayList<>(
                List.of(new ColumnSpec("id", "BIGINT"), new ColumnSpec("label", "VARCHAR"), at)));
        table.setSpec(ts);
        K8S.client.resource(table).create();
        tables.add(name);
      }
    }
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                K8S.client.resources(DuckLakeTable.class).inNamespace(NS).list().getItems().stream()
                        .filter(
                            t ->
                                t.getStatus() != null
                                    && t.getStatus().getPhase() == TablePhase.Succeeded)
                        .count()
                    == tables.size());
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "[scale] %d tables over %d catalogs Ready in %.1f s (%d worker Jobs)%n",
        tables.size(), backends.length, seconds, KUBELET.jobsRun.get());
    assertThat(KUBELET.jobsRun.get())
        .as("one init Job per catalog and one apply Job per table")
        .isEqualTo(55);
    // What the API server served meanwhile, without this test's own polling and the Testing
    // kubelet's part (in a cluster the kubelet and the Job controller make those calls).
    Map<String, Long> served = ApiRequests.of(K8S.apiServer()).since(before);
    Set<String> notTheController =
        Set.of(
            "LIST ducklaketables", // this test's polling
            "LIST secrets", // the Testing kubelet resolving env of each pod
            "POST pods",
            "PUT pods/status",
            "PUT jobs/status",
            "PUT persistentvolumeclaims/status");
    long controller =
        served.entrySet().stream()
            .filter(e -> !notTheController.contains(e.getKey()))
            .mapToLong(Map.Entry::getValue)
            .sum();
    int objects = tables.size() + backends.length;
    System.out.printf(
        "[scale] API requests: %d for %d objects (%.1f per object); by verb and resource: %s%n",
        controller, objects, (double) controller / objects, served);
    // Per table: create, finalizer patch, a few status patches (each read first), one Job and
    // the reads of its progress and result; catalogs come from an informer, not a GET each.
    assertThat((double) controller / objects)
        .as("requests per object stay bounded: " + served)
        .isLessThan(35);
    assertThat(served.getOrDefault("GET ducklakecatalogs", 0L))
        .as("tables read their catalog from the informer")
        .isLessThan(objects);
  }
}
