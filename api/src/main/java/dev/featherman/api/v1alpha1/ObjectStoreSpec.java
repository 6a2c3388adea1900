package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Where a catalog's Parquet data files live: an S3-compatible bucket. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectStoreSpec {
  @Pattern(Patterns.ENDPOINT)
  @Size(max = 253)
  @JsonPropertyDescription(
      "S3 endpoint as host[:port], optionally with http:// or https:// (https is assumed when"
          + " no scheme is given). Omit for AWS S3.")
  private String endpoint;

  @Required
  @Size(min = 3, max = 63)
  @Pattern(Patterns.BUCKET)
  @JsonPropertyDescription("Bucket that holds the data files.")
  private String bucket;

  @Pattern(Patterns.REGION)
  @Size(max = 64)
  @JsonPropertyDescription("Region of the bucket; us-east-1 when omitted.")
  private String region;

  @Pattern(Patterns.PREFIX)
  @Size(max = 512)
  @JsonPropertyDescription(
      "Key prefix inside the bucket under which this catalog writes its data files.")
  private String prefix;

  @JsonPropertyDescription(
      "path (bucket in the URL path, needed by most S3-compatible servers) or vhost (bucket in"
          + " the host name). Defaults to path when an endpoint is given, vhost for AWS S3.")
  private UrlStyle urlStyle;

  @JsonPropertyDescription(
      "Secret with static access keys. Omit to use the default credential chain (workload"
          + " identity, instance profile, environment).")
  private CredentialsSecretRef credentialsSecret;

  /** How the bucket is addressed in request URLs. */
  public enum UrlStyle {
    path,
    vhost
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public UrlStyle getUrlStyle() {
    return urlStyle;
  }

  public void setUrlStyle(UrlStyle urlStyle) {
    this.urlStyle = urlStyle;
  }

  public CredentialsSecretRef getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(CredentialsSecretRef credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }
}
