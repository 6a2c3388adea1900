package dev.featherman.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.v1alpha1.DuckLakeTable;
import dev.featherman.api.validation.BackupValidator;
import dev.featherman.api.validation.CatalogValidator;
import dev.featherman.api.validation.PoolValidator;
import dev.featherman.api.validation.TableValidator;
import dev.featherman.api.validation.Validation;
import dev.featherman.cli.ExitCodes;
import dev.featherman.cli.Run;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The printed objects are what the models and validators accept (the API server test is in
 * system-tests).
 */
class InitCommandTest {
  static <T> T init(Class<T> type, String... args) {
    Run run = Run.of(args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("# ").contains("\n  # ");
    return Serialization.unmarshal(run.out(), type);
  }

  static void clean(Validation v) {
    assertThat(v.errors()).isEmpty();
    assertThat(v.warnings()).isEmpty();
  }

  @Test
  void everyKindIsPrintedValidWithComments() {
    DuckLakeCatalog catalog =
        init(
            DuckLakeCatalog.class,
            "init",
            "catalog",
            "sales",
            "-n",
            "lakes",
            "--endpoint",
            "minio:9000");
    assertThat(catalog.getMetadata().getName()).isEqualTo("sales");
    assertThat(catalog.getMetadata().getNamespace()).isEqualTo("lakes");
    assertThat(catalog.getSpec().getObjectStore().getBucket()).isEqualTo("sales-lake");
    assertThat(catalog.getSpec().getObjectStore().getEndpoint()).isEqualTo("minio:9000");
    clean(CatalogValidator.validate(catalog.getSpec(), null));

    DuckLakeCatalog pg =
        init(DuckLakeCatalog.class, "init", "catalog", "main", "--backend", "postgres");
    assertThat(pg.getSpec().getBackend()).isEqualTo(CatalogBackend.postgres);
    assertThat(pg.getSpec().getPostgres().getHost()).isEqualTo("postgres");
    assertThat(pg.getMetadata().getNamespace()).isNull();
    clean(CatalogValidator.validate(pg.getSpec(), null));

    DuckLakeTable table =
        init(DuckLakeTable.class, "init", "table", "page-views", "--catalog", "sales");
    assertThat(table.getSpec().getName()).isEqualTo("page_views");
    assertThat(table.getSpec().getCatalogRef()).isEqualTo("sales");
    clean(TableValidator.validate(table.getSpec(), null));

    DuckLakePool pool =
        init(
            DuckLakePool.class,
            "init",
            "pool",
            "readers",
            "--catalog",
            "main",
            "--min-size",
            "1",
            "--max-size",
            "3");
    assertThat(pool.getSpec().getMinSize()).isEqualTo(1);
    clean(PoolValidator.validate(pool.getSpec(), null, Optional.of(pg.getSpec())));

    DuckLakeBackup backup =
        init(DuckLakeBackup.class, "init", "backup", "before-upgrade", "--catalog", "sales");
    assertThat(backup.getSpec().getCatalogRef()).isEqualTo("sales");
    clean(BackupValidator.validate(backup.getSpec(), null));
  }

  @Test
  void valuesAreQuotedSoTheyCannotInjectYaml() {
    DuckLakeCatalog catalog =
        init(DuckLakeCatalog.class, "init", "catalog", "x", "--prefix", "a: b\n  evil: true #");
    assertThat(catalog.getSpec().getObjectStore().getPrefix()).isEqualTo("a: b\n  evil: true #");
  }

  @Test
  void badNamesAndSizesAreRefusedNamingTheField() {
    Run name = Run.of("init", "catalog", "Sales_Lake");
    assertThat(name.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(name.err())
        .contains("NAME")
        .contains("'Sales_Lake' is not a Kubernetes object name");
    Run sizes = Run.of("init", "pool", "p", "--min-size", "5", "--max-size", "2");
    assertThat(sizes.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(sizes.err()).contains("--max-size");
    Run kind = Run.of("init", "bucket", "b");
    assertThat(kind.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(kind.err()).contains("catalog, table, pool, backup");
  }
}
