package dev.featherman.api.validation;

import java.util.regex.Pattern;

/**
 * Key prefixes inside a bucket: '/'-separated safe segments, no '.', '..' or empty segment, and no
 * glob character (DuckDB expands {@code *}, {@code ?} and {@code [..]} in a data path, so a prefix
 * with one would read other catalogs' files).
 */
public final class Prefixes {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9!_.'()=-]+");

  private Prefixes() {}

  /** Adds an error when {@code prefix} (may be null) could escape or confuse its bucket path. */
  public static void check(String prefix, String field, Validation v) {
    if (prefix == null || prefix.isEmpty()) {
      return;
    }
    String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    for (String segment : trimmed.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
        v.error(
            field,
            "'"
                + prefix
                + "' must be '/'-separated segments of letters, digits and !_.'()=- (no glob"
                + " characters such as * ? [) with no leading '/', no empty, '.' or '..' segment");
        return;
      }
    }
  }
}
