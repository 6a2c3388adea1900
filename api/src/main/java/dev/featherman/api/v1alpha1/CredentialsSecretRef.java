package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Secret in the object's namespace holding S3 access keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CredentialsSecretRef {
  @Required
  @Pattern(Patterns.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  @Default("access-key")
  @Pattern(Patterns.SECRET_KEY)
  @JsonPropertyDescription("Key holding the access key id.")
  private String accessKeyField = "access-key";

  @Default("secret-key")
  @Pattern(Patterns.SECRET_KEY)
  @JsonPropertyDescription("Key holding the secret access key.")
  private String secretKeyField = "secret-key";

  @Pattern(Patterns.SECRET_KEY)
  @JsonPropertyDescription("Optional key holding a session token for temporary credentials.")
  private String sessionTokenField;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getAccessKeyField() {
    return accessKeyField;
  }

  public void setAccessKeyField(String accessKeyField) {
    this.accessKeyField = accessKeyField;
  }

  public String getSecretKeyField() {
    return secretKeyField;
  }

  public void setSecretKeyField(String secretKeyField) {
    this.secretKeyField = secretKeyField;
  }

  public String getSessionTokenField() {
    return sessionTokenField;
  }

  public void setSessionTokenField(String sessionTokenField) {
    this.sessionTokenField = sessionTokenField;
  }
}
