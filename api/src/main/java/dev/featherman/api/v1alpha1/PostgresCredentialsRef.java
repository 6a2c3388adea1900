package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Secret holding the PostgreSQL user name and password of a catalog. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PostgresCredentialsRef {
  @Required
  @Pattern(Patterns.DNS_SUBDOMAIN)
  @JsonPropertyDescription(
      "Name of a Secret in the catalog's namespace, labelled ducklake.featherman.dev/credentials=true.")
  private String name;

  @Default("username")
  @Pattern(Patterns.SECRET_KEY)
  @JsonPropertyDescription("Key holding the user name.")
  private String usernameKey = "username";

  @Default("password")
  @Pattern(Patterns.SECRET_KEY)
  @JsonPropertyDescription("Key holding the password.")
  private String passwordKey = "password";

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getUsernameKey() {
    return usernameKey;
  }

  public void setUsernameKey(String usernameKey) {
    this.usernameKey = usernameKey;
  }

  public String getPasswordKey() {
    return passwordKey;
  }

  public void setPasswordKey(String passwordKey) {
    this.passwordKey = passwordKey;
  }
}
