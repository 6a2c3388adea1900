package dev.featherman.api.validation;

import java.util.regex.Pattern;

/** S3 bucket naming rules. */
public final class BucketNames {
  private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private BucketNames() {}

  /** Adds an error to {@code v} when {@code bucket} breaks S3's naming rules. */
  public static void check(String bucket, String field, Validation v) {
    if (bucket == null || bucket.isEmpty()) {
      v.error(field, "is required: name the bucket");
    } else if (!SHAPE.matcher(bucket).matches()) {
      v.error(
          field,
          "'"
              + bucket
              + "' must be 3-63 characters of lowercase letters, digits, '.' and '-',"
              + " starting and ending with a letter or digit");
    } else if (bucket.contains("..")) {
      v.error(field, "'" + bucket + "' must not contain two adjacent periods");
    } else if (IP.matcher(bucket).matches()) {
      v.error(field, "'" + bucket + "' must not look like an IP address");
    } else if (bucket.startsWith("xn--") || bucket.startsWith("sthree-")) {
      v.error(field, "'" + bucket + "' must not start with 'xn--' or 'sthree-'");
    } else if (bucket.endsWith("-s3alias") || bucket.endsWith("--ol-s3")) {
      v.error(field, "'" + bucket + "' must not end with '-s3alias' or '--ol-s3'");
    }
  }
}
