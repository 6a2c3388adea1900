package dev.featherman.controller.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.ConditionReasons;
import dev.featherman.api.v1alpha1.BackupPhase;
import dev.featherman.api.v1alpha1.CatalogPhase;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeBackupStatus;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.v1alpha1.ObjectStoreSpec;
import dev.featherman.api.v1alpha1.RestoreSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

/** Where a restore's backup is, or why the restore waits: decisions only, no API server. */
class CatalogRestoreTest {
  static DuckLakeCatalog restoring(RestoreSpec restore, String restoreVersion) {
    DuckLakeCatalog catalog = new DuckLakeCatalog();
    catalog.setMetadata(new ObjectMetaBuilder().withName("copy").withNamespace("lakes").build());
    DuckLakeCatalogSpec spec = new DuckLakeCatalogSpec();
    ObjectStoreSpec store = new ObjectStoreSpec();
    store.setBucket("lake-bucket");
    spec.setObjectStore(store);
    spec.setRestore(restore);
    spec.setRestoreVersion(restoreVersion);
    catalog.setSpec(spec);
    return catalog;
  }

  static RestoreSpec byName(String name) {
    RestoreSpec r = new RestoreSpec();
    r.setBackupName(name);
    return r;
  }

  static DuckLakeBackup backup(BackupPhase phase) {
    DuckLakeBackup backup = new DuckLakeBackup();
    DuckLakeBackupStatus status = new DuckLakeBackupStatus();
    status.setPhase(phase);
    status.setBucket("backups");
    status.setObjectKey("backups/lakes/lake/nightly/manifest.json");
    status.setError(phase == BackupPhase.Failed ? "upload refused" : null);
    backup.setStatus(status);
    return backup;
  }

  @Test
  void aManifestKeyIsUsedAsGivenInTheCatalogsBucketUnlessAnotherIsNamed() {
    RestoreSpec r = new RestoreSpec();
    r.setObjectKey("backups/lakes/lake/nightly/");
    CatalogRestore.Source source = CatalogRestore.locate(restoring(r, null), null);
    assertThat(source.blocked()).isNull();
    assertThat(source.location().bucket()).isEqualTo("lake-bucket");
    assertThat(source.location().manifestKey()).endsWith("manifest.json");
    r.setBucket("elsewhere");
    assertThat(CatalogRestore.locate(restoring(r, null), null).location().bucket())
        .isEqualTo("elsewhere");
  }

  @Test
  void aCompletedBackupGivesItsLocation() {
    for (DuckLakeCatalog catalog :
        new DuckLakeCatalog[] {restoring(byName("nightly"), null), restoring(null, "nightly")}) {
      CatalogRestore.Source source = CatalogRestore.locate(catalog, backup(BackupPhase.Completed));
      assertThat(source.location())
          .isEqualTo(
              new CatalogRestore.Location("backups", "backups/lakes/lake/nightly/manifest.json"));
    }
  }

  @Test
  void aMissingOrUnfinishedBackupWaitsAndAFailedOneStopsTheRestore() {
    CatalogRestore.Blocked missing =
        CatalogRestore.locate(restoring(null, "nightly"), null).blocked();
    assertThat(missing.reason()).isEqualTo(ConditionReasons.BACKUP_NOT_FOUND);
    assertThat(missing.message()).contains("'nightly' (spec.restoreVersion)").contains("'lakes'");
    assertThat(missing.later()).isTrue();

    CatalogRestore.Blocked running =
        CatalogRestore.locate(restoring(byName("nightly"), null), backup(BackupPhase.Running))
            .blocked();
    assertThat(running.phase()).isEqualTo(CatalogPhase.Pending);
    assertThat(running.reason()).isEqualTo(ConditionReasons.BACKUP_NOT_COMPLETED);
    assertThat(running.later()).isTrue();

    CatalogRestore.Blocked failed =
        CatalogRestore.locate(restoring(byName("nightly"), null), backup(BackupPhase.Failed))
            .blocked();
    assertThat(failed.phase()).isEqualTo(CatalogPhase.Failed);
    assertThat(failed.message()).contains("upload refused").contains("another backup");
    assertThat(failed.later()).isFalse();
  }
}
