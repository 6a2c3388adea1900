package dev.featherman.worker;

import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.v1alpha1.DuckLakeCatalogStatus;
import dev.featherman.engine.EngineSettings;
import dev.featherman.engine.TestingLakes;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.engine.connect.LakeSessionFactory;
import dev.featherman.testkit.TestingPostgres;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Ready DuckLakeCatalogs for tests of the services that only consume catalogs (pool-service,
 * gateway): the object with a Ready status, its Secrets, and a real lake behind it (PostgreSQL
 * metadata, data in the in-JVM S3 server) holding {@code numbers(n BIGINT)} with 1..rows.
 */
public final class TestingCatalogs {
  private TestingCatalogs() {}

  /**
   * Creates catalog {@code name} in {@code ns}, initialized and seeded, marked Ready. A file
   * catalog's file lives where {@link TestingJobRunner} backs its PVC: under {@code volumes}.
   */
  public static DuckLakeCatalog ready(
      KubernetesClient client,
      String ns,
      String name,
      CatalogBackend backend,
      long rows,
      Path volumes)
      throws Exception {
    ensureSecrets(client, ns);
    DuckLakeCatalogSpec spec = TestingLakes.spec(backend, "pool-lakes");
    Path dir = Files.createDirectories(volumes.resolve(name + "-catalog"));
    try (LakeSession lake =
        new LakeSessionFactory(EngineSettings.defaults())
            .open(TestingLakes.config(name, spec, dir))) {
      lake.execute("CREATE TABLE numbers AS SELECT range AS n FROM range(1, " + (rows + 1) + ")");
    }
    if (backend != CatalogBackend.postgres) {
      String file = backend == CatalogBackend.sqlite ? "catalog.sqlite" : "catalog.ducklake";
      spec.setCatalogPath("/var/lib/featherman/" + file);
    }
    DuckLakeCatalog catalog = new DuckLakeCatalog();
    catalog.getMetadata().setName(name);
    catalog.getMetadata().setNamespace(ns);
    catalog.setSpec(spec);
    catalog = client.resource(catalog).create();
    DuckLakeCatalogStatus status = new DuckLakeCatalogStatus();
    Conditions.set(
        status,
        ConditionTypes.READY,
        true,
        ConditionReasons.RECONCILED,
        "ready for tests",
        catalog.getMetadata().getGeneration(),
        Clock.systemUTC());
    catalog.setStatus(status);
    return client.resource(catalog).updateStatus();
  }

  private static void ensureSecrets(KubernetesClient client, String ns) throws Exception {
    put(
        client,
        ns,
        "s3-credentials",
        Map.of(
            "access-key", TestingLakes.s3().accessKey(),
            "secret-key", TestingLakes.s3().secretKey()));
    put(
        client,
        ns,
        "pg-credentials",
        Map.of("username", TestingPostgres.USER, "password", TestingPostgres.PASSWORD));
  }

  private static void put(
      KubernetesClient client, String ns, String name, Map<String, String> data) {
    if (client.secrets().inNamespace(ns).withName(name).get() == null) {
      client
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(ns)
                  .addToLabels(dev.featherman.api.Labels.CREDENTIALS, "true")
                  .endMetadata()
                  .withStringData(data)
                  .build())
          .create();
    }
  }
}
