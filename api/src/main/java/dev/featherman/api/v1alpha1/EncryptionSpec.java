package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** Server-side encryption of objects in the bucket (SSE-KMS). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EncryptionSpec {
  @Size(max = 2048)
  @JsonPropertyDescription("KMS key id or ARN used for server-side encryption of written objects.")
  private String kmsKeyId;

  public String getKmsKeyId() {
    return kmsKeyId;
  }

  public void setKmsKeyId(String kmsKeyId) {
    this.kmsKeyId = kmsKeyId;
  }
}
