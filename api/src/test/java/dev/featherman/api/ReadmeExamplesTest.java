package dev.featherman.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.Compression;
import dev.featherman.api.v1alpha1.DeletionPolicy;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.v1alpha1.DuckLakeTable;
import dev.featherman.api.v1alpha1.TableMode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The YAML users copy from the Go README deserializes verbatim and survives a round trip. */
class ReadmeExamplesTest {

  @Test
  void catalogExample() {
    DuckLakeCatalog catalog = roundTrip("catalog-DuckLakeCatalog", DuckLakeCatalog.class);
    var spec = catalog.getSpec();
    assertThat(catalog.getMetadata().getName()).isEqualTo("example");
    assertThat(spec.getStorageClass()).isEqualTo("standard");
    assertThat(spec.getSize()).isEqualTo(new Quantity("10Gi"));
    assertThat(spec.getObjectStore().getEndpoint()).isEqualTo("s3.amazonaws.com");
    assertThat(spec.getObjectStore().getBucket()).isEqualTo("my-data-lake");
    assertThat(spec.getObjectStore().getCredentialsSecret().getName()).isEqualTo("s3-credentials");
    assertThat(spec.getObjectStore().getCredentialsSecret().getAccessKeyField())
        .isEqualTo("access-key");
    assertThat(spec.getObjectStore().getCredentialsSecret().getSecretKeyField())
        .isEqualTo("secret-key");
    assertThat(spec.getBackupPolicy().getSchedule()).isEqualTo("0 2 * * *");
    assertThat(spec.getBackupPolicy().getRetentionDays()).isEqualTo(7);
    assertThat(spec.getBackend()).isEqualTo(CatalogBackend.duckdb);
    assertThat(spec.getCatalogPath()).isEqualTo("/catalog/catalog.db");
    assertThat(spec.getDeletionPolicy()).isEqualTo(DeletionPolicy.Retain);
  }

  @Test
  void tableExample() {
    DuckLakeTable table = roundTrip("table-DuckLakeTable", DuckLakeTable.class);
    var spec = table.getSpec();
    assertThat(spec.getCatalogRef()).isEqualTo("example");
    assertThat(spec.getName()).isEqualTo("users");
    assertThat(spec.getColumns())
        .extracting(c -> c.getName() + ":" + c.getType())
        .containsExactly("id:INTEGER", "name:VARCHAR");
    assertThat(spec.getColumns()).allMatch(c -> c.notNull());
    assertThat(spec.getFormat().getCompression()).isEqualTo(Compression.ZSTD);
    assertThat(spec.getFormat().getPartitioning()).containsExactly("created_at");
    assertThat(spec.getMode()).isEqualTo(TableMode.append);
  }

  @Test
  void materializationExample() {
    DuckLakeTable table = roundTrip("materialize-DuckLakeTable", DuckLakeTable.class);
    var m = table.getSpec().getMaterializeTo();
    assertThat(m.getEnabled()).isTrue();
    assertThat(m.getSql()).isEqualTo("SELECT country, COUNT(*) AS cnt FROM users GROUP BY country");
    assertThat(m.getDestination().getBucket()).isEqualTo("my-exports");
    assertThat(m.getDestination().getPrefix()).isEqualTo("top_users/");
    assertThat(m.getFormat().getType()).isEqualTo("parquet");
    assertThat(m.getFormat().getCompression()).isEqualTo(Compression.ZSTD);
  }

  @Test
  void poolExampleWithFlatFields() {
    DuckLakePool pool = roundTrip("pool-DuckLakePool", DuckLakePool.class);
    var spec = pool.getSpec();
    assertThat(spec.getMinSize()).isEqualTo(2);
    assertThat(spec.getMaxSize()).isEqualTo(10);
    assertThat(spec.getTargetUtilization()).isEqualTo(0.8);
    assertThat(spec.getTemplate().getResources().getRequests())
        .containsEntry("memory", new Quantity("2Gi"));
    assertThat(spec.getTemplate().getResources().getLimits())
        .containsEntry("cpu", new Quantity("2"));
    assertThat(spec.resolvedMaxIdleTime()).isEqualTo(Duration.ofSeconds(300));
    assertThat(spec.resolvedMaxLifetime()).isEqualTo(Duration.ofHours(1));
    assertThat(spec.resolvedMaxQueries()).isEqualTo(100);
    assertThat(spec.resolvedScaleUpRate()).isEqualTo(2);
    assertThat(spec.resolvedScaleDownRate()).isEqualTo(1);
    assertThat(spec.resolvedScaleInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(spec.resolvedStabilizationWindow()).isEqualTo(Duration.ofMinutes(2));
    assertThat(spec.getCatalogRef().getName()).isEqualTo("main-catalog");
    assertThat(spec.getCatalogRef().getReadOnly()).isTrue();
  }

  @Test
  void poolWithGoNestedFields() {
    DuckLakePool pool = roundTrip("nested-DuckLakePool", DuckLakePool.class);
    var spec = pool.getSpec();
    assertThat(spec.resolvedTargetUtilization()).isEqualTo(1.0);
    assertThat(spec.resolvedMaxIdleTime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(spec.resolvedMaxQueries()).isEqualTo(50);
    assertThat(spec.resolvedScaleUpRate()).isEqualTo(3);
    assertThat(spec.resolvedScaleDownRate()).isEqualTo(2);
    assertThat(spec.resolvedScaleInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(spec.getQueue().getMaxLength()).isEqualTo(100);
  }

  @Test
  void flatFieldWinsOverNested() {
    DuckLakePool pool = load("nested-DuckLakePool", DuckLakePool.class);
    pool.getSpec().setMaxQueries(7);
    pool.getSpec().setScaleInterval("1m");
    assertThat(pool.getSpec().resolvedMaxQueries()).isEqualTo(7);
    assertThat(pool.getSpec().resolvedScaleInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  /** Loads a fixture, writes it back to YAML, reads that again, and checks nothing changed. */
  static <T extends HasMetadata> T roundTrip(String fixture, Class<T> type) {
    T first = load(fixture, type);
    String yaml = Serialization.asYaml(first);
    T second = Serialization.unmarshal(yaml, type);
    assertThat(Serialization.asYaml(second)).isEqualTo(yaml);
    assertThat(first.getApiVersion()).isEqualTo(ApiGroup.API_VERSION);
    return second;
  }

  static <T> T load(String fixture, Class<T> type) {
    String name = ReadmeExamplesTest.class.getSimpleName() + "." + fixture + ".yaml";
    try (InputStream in = ReadmeExamplesTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return Serialization.unmarshal(in, type);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
