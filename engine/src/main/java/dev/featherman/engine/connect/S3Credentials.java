package dev.featherman.engine.connect;

/** Static S3 keys read from a Secret. {@link #toString()} never prints them. */
public record S3Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
  public S3Credentials {
    if (accessKeyId == null
        || accessKeyId.isEmpty()
        || secretAccessKey == null
        || secretAccessKey.isEmpty()) {
      throw new IllegalArgumentException(
          "S3 credentials need a non-empty access key id and secret key");
    }
  }

  @Override
  public String toString() {
    return "S3Credentials[accessKeyId="
        + accessKeyId
        + ", secretAccessKey=***"
        + (sessionToken == null ? "" : ", sessionToken=***")
        + "]";
  }
}
