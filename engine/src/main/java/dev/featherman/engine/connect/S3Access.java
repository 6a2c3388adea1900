package dev.featherman.engine.connect;

import dev.featherman.api.v1alpha1.ObjectStoreSpec;
import dev.featherman.api.validation.Endpoint;

/**
 * How DuckDB reaches a bucket: endpoint split into host[:port] and TLS, addressing style, region
 * and credentials (static keys, or the default credential chain when {@code credentials} is null).
 */
public record S3Access(
    String endpoint,
    boolean useSsl,
    String region,
    boolean pathStyle,
    S3Credentials credentials,
    String kmsKeyId) {

  static final String DEFAULT_REGION = "us-east-1";

  /**
   * Builds access from a spec. An endpoint without a scheme means HTTPS; path-style addressing is
   * the default for any endpoint other than AWS's own.
   *
   * @throws IllegalArgumentException when the endpoint is not host[:port] with an optional scheme
   */
  public static S3Access of(ObjectStoreSpec spec, S3Credentials credentials, String kmsKeyId) {
    Endpoint endpoint = null;
    if (spec.getEndpoint() != null && !spec.getEndpoint().isBlank()) {
      try {
        endpoint = Endpoint.parse(spec.getEndpoint());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("spec.objectStore.endpoint " + e.getMessage(), e);
      }
    }
    boolean aws = endpoint == null || endpoint.isAws();
    boolean pathStyle =
        spec.getUrlStyle() == null ? !aws : spec.getUrlStyle() == ObjectStoreSpec.UrlStyle.path;
    String region =
        spec.getRegion() == null || spec.getRegion().isBlank() ? DEFAULT_REGION : spec.getRegion();
    return new S3Access(
        endpoint == null ? null : endpoint.hostAndPort(),
        endpoint == null || endpoint.useSsl(),
        region,
        pathStyle,
        credentials,
        kmsKeyId);
  }

  /** URL prefix clients use, e.g. {@code http://127.0.0.1:9000}, or null for AWS defaults. */
  public String endpointUrl() {
    return endpoint == null ? null : (useSsl ? "https://" : "http://") + endpoint;
  }
}
