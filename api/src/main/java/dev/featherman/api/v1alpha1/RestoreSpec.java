package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Which backup a new catalog starts from: a DuckLakeBackup, or a manifest's object key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreSpec {
  @Pattern(Patterns.DNS_SUBDOMAIN)
  @JsonPropertyDescription("A Completed DuckLakeBackup in this namespace.")
  private String backupName;

  @Size(max = 1024)
  @JsonPropertyDescription(
      "Object key of a backup's manifest.json (or its folder), when no DuckLakeBackup exists.")
  private String objectKey;

  @JsonPropertyDescription("Bucket holding objectKey; defaults to spec.objectStore.bucket.")
  private String bucket;

  public String getBackupName() {
    return backupName;
  }

  public void setBackupName(String backupName) {
    this.backupName = backupName;
  }

  public String getObjectKey() {
    return objectKey;
  }

  public void setObjectKey(String objectKey) {
    this.objectKey = objectKey;
  }

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }
}
