package dev.featherman.api.v1alpha1;

/** Regular expressions shared by the CRD schema, the webhook and the reconcilers. */
public final class Patterns {
  /** A Kubernetes object name (RFC 1123 subdomain). */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A key inside a Secret's data. */
  public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

  /** A simple SQL identifier, as the Go operator required for table names. */
  public static final String IDENTIFIER = "^[a-zA-Z_][a-zA-Z0-9_]*$";

  /** S3 bucket naming rules: 3-63 chars, lowercase, digits, dots and hyphens. */
  public static final String BUCKET = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

  /** host[:port] with an optional http(s) scheme and no path, query or credentials. */
  public static final String ENDPOINT =
      "^(https?://)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?/?$";

  /**
   * An object key prefix: slash-separated segments of safe characters, no leading slash and no
   * empty segment, and none of DuckDB's glob characters ({@code * ? [ ] { }}), which it would
   * expand in a data path. (Kubernetes evaluates patterns with RE2, so no look-arounds here; ".."
   * segments are rejected by Prefixes.)
   */
  public static final String PREFIX = "^([A-Za-z0-9!_.'()=-]+/)*[A-Za-z0-9!_.'()=-]*$";

  /** A Go-style duration such as 300s, 5m or 1h30m. */
  public static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$";

  /** Characters a column type may contain; the full grammar is checked by ColumnType. */
  public static final String COLUMN_TYPE = "^[A-Za-z][A-Za-z0-9_ ,()\\[\\]]*$";

  /** An S3 region name. */
  public static final String REGION = "^[a-z0-9-]+$";

  private Patterns() {}
}
