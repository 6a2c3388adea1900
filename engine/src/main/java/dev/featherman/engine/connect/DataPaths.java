package dev.featherman.engine.connect;

import java.util.regex.Pattern;

/** Builds DATA_PATH values and rejects prefixes that could escape their bucket or directory. */
public final class DataPaths {
  private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
  private static final Pattern SEGMENT = Pattern.compile("^[A-Za-z0-9!_.*'()=-]+$");

  private DataPaths() {}

  /** {@code s3://bucket/prefix/} with exactly one trailing slash. */
  public static String s3(String bucket, String prefix) {
    if (bucket == null || !BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException(
          "bucket '"
              + bucket
              + "' is not a valid bucket name (3-63 lowercase letters, digits, '.' or '-')");
    }
    return "s3://" + bucket + "/" + normalizePrefix(prefix);
  }

  /** The prefix with no leading slash and one trailing slash (empty stays empty). */
  public static String normalizePrefix(String prefix) {
    if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
      return "";
    }
    String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    for (String segment : trimmed.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".") || !SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException(
            "prefix '"
                + prefix
                + "' is invalid: use '/'-separated segments of letters, digits and"
                + " !_.*'()=- without '.', '..' or empty segments");
      }
    }
    return trimmed + "/";
  }
}
