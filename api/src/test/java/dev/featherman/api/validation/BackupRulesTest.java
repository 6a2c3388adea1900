package dev.featherman.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.v1alpha1.BackupPolicy;
import dev.featherman.api.v1alpha1.DuckLakeBackupSpec;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.v1alpha1.MaintenanceSpec;
import dev.featherman.api.v1alpha1.ObjectStoreSpec;
import dev.featherman.api.v1alpha1.RestoreSpec;
import org.junit.jupiter.api.Test;

/** Backup, restore and maintenance rules of catalogs, and the DuckLakeBackup rules. */
class BackupRulesTest {
  static DuckLakeCatalogSpec catalog() {
    DuckLakeCatalogSpec spec = new DuckLakeCatalogSpec();
    ObjectStoreSpec store = new ObjectStoreSpec();
    store.setBucket("lake");
    spec.setObjectStore(store);
    return spec;
  }

  static String errors(DuckLakeCatalogSpec spec) {
    return CatalogValidator.validate(spec, null).errorMessage();
  }

  @Test
  void backupPolicyNamesTheBadField() {
    DuckLakeCatalogSpec spec = catalog();
    BackupPolicy policy = new BackupPolicy();
    policy.setSchedule("0 2 1 * MON");
    policy.setTimeZone("Mars/Olympus");
    policy.setKeepLast(-1);
    spec.setBackupPolicy(policy);
    assertThat(errors(spec))
        .contains("spec.backupPolicy.schedule")
        .contains("both day-of-month and day-of-week")
        .contains("spec.backupPolicy.timeZone")
        .contains("Mars/Olympus")
        .contains("spec.backupPolicy.keepLast");
    policy.setSchedule("*/5 * * * *");
    policy.setTimeZone("Europe/Berlin");
    policy.setKeepLast(3);
    assertThat(CatalogValidator.validate(spec, null).isValid()).isTrue();
  }

  @Test
  void restoreNeedsExactlyOneSourceAndIsFixedAfterCreation() {
    DuckLakeCatalogSpec spec = catalog();
    RestoreSpec restore = new RestoreSpec();
    spec.setRestore(restore);
    assertThat(errors(spec)).contains("spec.restore").contains("exactly one");
    restore.setBackupName("nightly");
    restore.setBucket("elsewhere");
    assertThat(errors(spec)).contains("spec.restore.bucket");
    restore.setBucket(null);
    spec.setRestoreVersion("other");
    assertThat(errors(spec)).contains("spec.restoreVersion");
    spec.setRestoreVersion(null);
    assertThat(CatalogValidator.validate(spec, null).isValid()).isTrue();

    DuckLakeCatalogSpec changed = catalog();
    RestoreSpec other = new RestoreSpec();
    other.setBackupName("weekly");
    changed.setRestore(other);
    assertThat(CatalogValidator.validate(changed, spec).errorMessage())
        .contains("spec.restore")
        .contains("create a new DuckLakeCatalog");
  }

  @Test
  void maintenanceDurationsAndScheduleAreChecked() {
    DuckLakeCatalogSpec spec = catalog();
    MaintenanceSpec m = new MaintenanceSpec();
    m.setSchedule("@weekly");
    m.setExpireSnapshotsOlderThan("7 days");
    spec.setMaintenance(m);
    assertThat(errors(spec))
        .contains("spec.maintenance.expireSnapshotsOlderThan")
        .contains("7 days");
    m.setExpireSnapshotsOlderThan("168h");
    assertThat(CatalogValidator.validate(spec, null).isValid()).isTrue();
  }

  @Test
  void aBackupNamesItsCatalogAndKeepsIt() {
    DuckLakeBackupSpec spec = new DuckLakeBackupSpec();
    assertThat(BackupValidator.validate(spec, null).errorMessage()).contains("spec.catalogRef");
    spec.setCatalogRef("Sales_DB");
    assertThat(BackupValidator.validate(spec, null).errorMessage()).contains("Sales_DB");
    spec.setCatalogRef("sales");
    spec.setTrigger("hourly");
    assertThat(BackupValidator.validate(spec, null).errorMessage()).contains("spec.trigger");
    spec.setTrigger("manual");
    assertThat(BackupValidator.validate(spec, null).isValid()).isTrue();
    DuckLakeBackupSpec moved = new DuckLakeBackupSpec();
    moved.setCatalogRef("other");
    moved.setTrigger("manual");
    moved.setPinned(true);
    assertThat(BackupValidator.validate(moved, spec).errorMessage()).contains("spec.catalogRef");
  }

  @Test
  void theReadmesBackupAndRestoreExamplesAreValid() throws Exception {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../README.md"));
    java.util.regex.Matcher blocks =
        java.util.regex.Pattern.compile("```yaml\n(.*?)```", java.util.regex.Pattern.DOTALL)
            .matcher(readme);
    int checked = 0;
    while (blocks.find()) {
      String yaml = blocks.group(1);
      if (yaml.contains("kind: DuckLakeBackup")) {
        var backup =
            io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                yaml, dev.featherman.api.v1alpha1.DuckLakeBackup.class);
        assertThat(BackupValidator.validate(backup.getSpec(), null).isValid()).isTrue();
        checked++;
      } else if (yaml.contains("restore:")) {
        var catalog =
            io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                yaml, dev.featherman.api.v1alpha1.DuckLakeCatalog.class);
        assertThat(CatalogValidator.validate(catalog.getSpec(), null).errorMessage()).isEmpty();
        assertThat(catalog.getSpec().getMaintenance().getSchedule()).isEqualTo("@weekly");
        checked++;
      }
    }
    assertThat(checked).isEqualTo(2);
  }
}
