package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Connection to the PostgreSQL database that holds a catalog's metadata. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PostgresCatalogSpec {
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$")
  @JsonPropertyDescription("Host name or IP address of the PostgreSQL server.")
  private String host;

  @Default("5432")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("PostgreSQL port; 5432 when omitted.")
  private Integer port = 5432;

  @Required
  @Size(min = 1, max = 63)
  @Pattern(Patterns.IDENTIFIER)
  @JsonPropertyDescription("Database name.")
  private String database;

  @Size(max = 63)
  @Pattern(Patterns.IDENTIFIER)
  @JsonPropertyDescription(
      "Schema that holds the DuckLake metadata tables (METADATA_SCHEMA); the database default"
          + " (public) when omitted.")
  private String schema;

  @Required
  @JsonPropertyDescription("Secret with the user name and password.")
  private PostgresCredentialsRef credentialsSecret;

  @Pattern("^(disable|allow|prefer|require|verify-ca|verify-full)$")
  @JsonPropertyDescription("libpq sslmode; prefer when omitted.")
  private String sslMode;

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public String getSchema() {
    return schema;
  }

  public void setSchema(String schema) {
    this.schema = schema;
  }

  public PostgresCredentialsRef getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(PostgresCredentialsRef credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public String getSslMode() {
    return sslMode;
  }

  public void setSslMode(String sslMode) {
    this.sslMode = sslMode;
  }
}
