package dev.featherman.engine.connect;

import dev.featherman.api.validation.BucketNames;
import dev.featherman.api.validation.Prefixes;
import dev.featherman.api.validation.Validation;

/** Builds DATA_PATH values, refusing buckets and prefixes the shared rules reject. */
public final class DataPaths {
  private DataPaths() {}

  /**
   * {@code s3://bucket/prefix/} with exactly one trailing slash.
   *
   * @throws IllegalArgumentException naming the bucket or prefix and the rule it breaks
   */
  public static String s3(String bucket, String prefix) {
    Validation v = new Validation();
    BucketNames.check(bucket, "bucket", v);
    Prefixes.check(prefix, "prefix", v);
    if (!v.isValid()) {
      throw new IllegalArgumentException(v.errorMessage());
    }
    return "s3://" + bucket + "/" + normalizePrefix(prefix);
  }

  /** The prefix with one trailing slash (empty stays empty); call after {@link Prefixes#check}. */
  static String normalizePrefix(String prefix) {
    if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
      return "";
    }
    return prefix.endsWith("/") ? prefix : prefix + "/";
  }
}
