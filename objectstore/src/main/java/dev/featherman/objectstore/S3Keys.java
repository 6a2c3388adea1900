package dev.featherman.objectstore;

/** S3 keys read from a catalog's credentials Secret (null fields: use the default chain). */
public record S3Keys(String accessKeyId, String secretAccessKey, String sessionToken) {
  /** No keys: the AWS default credentials chain (IRSA, instance profile, environment). */
  public static S3Keys defaultChain() {
    return new S3Keys(null, null, null);
  }

  @Override
  public String toString() {
    return "S3Keys[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
  }
}
