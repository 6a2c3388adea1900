package dev.featherman.engine.connect;

/**
 * Secret values a caller has read from Kubernetes for one catalog; the engine never reads Secrets
 * itself. Either field may be null when the spec does not reference that Secret.
 */
public record CatalogSecrets(S3Credentials s3, String postgresUser, String postgresPassword) {
  /** No static credentials: S3 via the default chain, no PostgreSQL. */
  public static CatalogSecrets none() {
    return new CatalogSecrets(null, null, null);
  }

  @Override
  public String toString() {
    return "CatalogSecrets[s3=" + s3 + ", postgresUser=" + postgresUser + ", postgresPassword=***]";
  }
}
