package dev.featherman.api.validation;

import dev.featherman.api.v1alpha1.DuckLakeBackupSpec;
import java.util.Objects;

/** Rules for DuckLakeBackup specs, shared by the webhook and the backup-service. */
public final class BackupValidator {
  private BackupValidator() {}

  /**
   * @param spec the new spec
   * @param old the current spec on update, or null on create
   */
  public static Validation validate(DuckLakeBackupSpec spec, DuckLakeBackupSpec old) {
    return SchemaRules.check(spec, "spec", rules(spec, old));
  }

  private static Validation rules(DuckLakeBackupSpec spec, DuckLakeBackupSpec old) {
    Validation v = new Validation();
    if (spec == null) {
      return v.error("spec", "is required: give spec.catalogRef, the catalog to back up");
    }
    String catalog = spec.getCatalogRef();
    if (catalog == null || catalog.isBlank()) {
      v.error("spec.catalogRef", "is required: the DuckLakeCatalog (same namespace) to back up");
    } else if (!catalog.matches(dev.featherman.api.v1alpha1.Patterns.DNS_SUBDOMAIN)) {
      v.error("spec.catalogRef", "'" + catalog + "' is not a valid object name");
    }
    if (spec.getTrigger() != null
        && !spec.getTrigger().equals("manual")
        && !spec.getTrigger().equals("scheduled")) {
      v.error("spec.trigger", "'" + spec.getTrigger() + "' must be manual or scheduled");
    }
    if (old != null) {
      // A backup is a record of one export: what it backs up never changes; pinning may.
      v.immutable("spec.catalogRef", old.getCatalogRef(), spec.getCatalogRef());
      if (!Objects.equals(old.getTrigger(), spec.getTrigger()) && old.getTrigger() != null) {
        v.error("spec.trigger", "cannot change once the backup exists");
      }
    }
    return v;
  }
}
