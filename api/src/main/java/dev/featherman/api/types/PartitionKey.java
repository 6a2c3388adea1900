package dev.featherman.api.types;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of a table's partitioning: a column, a time transform of a column such as {@code
 * year(created_at)}, or {@code bucket(n, col)}.
 */
public record PartitionKey(String transform, String column, Integer buckets) {
  private static final Pattern FORM =
      Pattern.compile(
          "^\\s*(?:([A-Za-z]+)\\s*\\(\\s*(?:([0-9]{1,4})\\s*,\\s*)?([A-Za-z_][A-Za-z0-9_]*)\\s*\\)"
              + "|([A-Za-z_][A-Za-z0-9_]*))\\s*$");
  private static final Set<String> TRANSFORMS = Set.of("year", "month", "day", "hour");

  /**
   * Parses {@code col}, {@code year(col)}, {@code month(col)}, {@code day(col)}, {@code hour(col)}
   * or {@code bucket(n, col)}.
   *
   * @throws IllegalArgumentException naming the entry and the accepted forms
   */
  public static PartitionKey parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "partition key '"
              + text
              + "' is invalid: use a column name or year(col), month(col),"
              + " day(col), hour(col), bucket(n, col)");
    }
    if (m.group(4) != null) {
      return new PartitionKey(null, m.group(4), null);
    }
    String transform = m.group(1).toLowerCase(Locale.ROOT);
    if (transform.equals("bucket")) {
      int n = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
      if (n < 2 || n > 1024) {
        throw new IllegalArgumentException(
            "partition key '"
                + text
                + "' needs a bucket count between 2 and 1024, e.g. bucket(8, id)");
      }
      return new PartitionKey(transform, m.group(3), n);
    }
    if (!TRANSFORMS.contains(transform) || m.group(2) != null) {
      throw new IllegalArgumentException(
          "partition key '"
              + text
              + "' is not supported: use year(col), month(col), day(col),"
              + " hour(col) or bucket(n, col)");
    }
    return new PartitionKey(transform, m.group(3), null);
  }

  /** SQL for SET PARTITIONED BY; the column is quoted. */
  public String sql() {
    String quoted = "\"" + column.replace("\"", "\"\"") + "\"";
    if (transform == null) {
      return quoted;
    }
    return buckets == null
        ? transform + "(" + quoted + ")"
        : "bucket(" + buckets + ", " + quoted + ")";
  }
}
