package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Quantity;

/** Desired state of a DuckLake catalog: metadata backend, data location, options, backups. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DuckLakeCatalogSpec {
  @Default("duckdb")
  @JsonPropertyDescription(
      "Database holding the catalog metadata: duckdb (a file, one process at a time), sqlite (a"
          + " file, several processes on one node) or postgres (recommended for clusters).")
  private CatalogBackend backend = CatalogBackend.duckdb;

  @JsonPropertyDescription("PostgreSQL connection; required when backend is postgres.")
  private PostgresCatalogSpec postgres;

  @Size(max = 253)
  @JsonPropertyDescription("StorageClass of the volume holding a duckdb or sqlite catalog file.")
  private String storageClass;

  @JsonPropertyDescription("Size of the volume holding a duckdb or sqlite catalog file, e.g. 10Gi.")
  private Quantity size;

  @Default("/catalog/catalog.db")
  @Pattern("^/[A-Za-z0-9._/-]+$")
  @Size(max = 1024)
  @JsonPropertyDescription("Path of the catalog file inside the catalog volume.")
  private String catalogPath = "/catalog/catalog.db";

  @Required
  @JsonPropertyDescription("Bucket holding the Parquet data files.")
  private ObjectStoreSpec objectStore;

  @JsonPropertyDescription("Server-side encryption of written objects.")
  private EncryptionSpec encryption;

  @JsonPropertyDescription("DuckLake options fixed when the catalog is created.")
  private DuckLakeOptions ducklake;

  @JsonPropertyDescription("Scheduled backups of the catalog metadata.")
  private BackupPolicy backupPolicy;

  @Size(max = 253)
  @JsonPropertyDescription(
      "Name of a DuckLakeBackup to initialise this catalog from (Go API; same as"
          + " restore.backupName).")
  private String restoreVersion;

  @JsonPropertyDescription(
      "Bootstrap this new catalog from a backup (never in place); set at creation only.")
  private RestoreSpec restore;

  @JsonPropertyDescription("Scheduled DuckLake maintenance (expire, merge, cleanup).")
  private MaintenanceSpec maintenance;

  @JsonPropertyDescription(
      "Snapshot history to report in status.versionHistory (admitted with a warning: not applied yet).")
  private VersioningSpec versioning;

  public RestoreSpec getRestore() {
    return restore;
  }

  public void setRestore(RestoreSpec restore) {
    this.restore = restore;
  }

  public MaintenanceSpec getMaintenance() {
    return maintenance;
  }

  public void setMaintenance(MaintenanceSpec maintenance) {
    this.maintenance = maintenance;
  }

  @Default("Retain")
  @JsonPropertyDescription(
      "Retain (default) keeps metadata and data when this object is deleted; Delete removes the"
          + " catalog and its data files.")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  public CatalogBackend getBackend() {
    return backend;
  }

  public void setBackend(CatalogBackend backend) {
    this.backend = backend;
  }

  public PostgresCatalogSpec getPostgres() {
    return postgres;
  }

  public void setPostgres(PostgresCatalogSpec postgres) {
    this.postgres = postgres;
  }

  public String getStorageClass() {
    return storageClass;
  }

  public void setStorageClass(String storageClass) {
    this.storageClass = storageClass;
  }

  public Quantity getSize() {
    return size;
  }

  public void setSize(Quantity size) {
    this.size = size;
  }

  public String getCatalogPath() {
    return catalogPath;
  }

  public void setCatalogPath(String catalogPath) {
    this.catalogPath = catalogPath;
  }

  public ObjectStoreSpec getObjectStore() {
    return objectStore;
  }

  public void setObjectStore(ObjectStoreSpec objectStore) {
    this.objectStore = objectStore;
  }

  public EncryptionSpec getEncryption() {
    return encryption;
  }

  public void setEncryption(EncryptionSpec encryption) {
    this.encryption = encryption;
  }

  public DuckLakeOptions getDucklake() {
    return ducklake;
  }

  public void setDucklake(DuckLakeOptions ducklake) {
    this.ducklake = ducklake;
  }

  public BackupPolicy getBackupPolicy() {
    return backupPolicy;
  }

  public void setBackupPolicy(BackupPolicy backupPolicy) {
    this.backupPolicy = backupPolicy;
  }

  public String getRestoreVersion() {
    return restoreVersion;
  }

  public void setRestoreVersion(String restoreVersion) {
    this.restoreVersion = restoreVersion;
  }

  public VersioningSpec getVersioning() {
    return versioning;
  }

  public void setVersioning(VersioningSpec versioning) {
    this.versioning = versioning;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
