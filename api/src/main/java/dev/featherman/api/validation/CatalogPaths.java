package dev.featherman.api.validation;

import java.util.List;

/**
 * Where a file catalog may live. {@code spec.catalogPath}'s parent is where the catalog volume is
 * mounted in every worker and Job, so it must be a plain absolute path that neither hides nor sits
 * inside a directory the worker image needs.
 */
public final class CatalogPaths {
  /**
   * Directories of the worker image and the pod that a catalog volume may not cover or be mounted
   * into: scratch space, the DuckDB extensions, mounted Secrets and the system's own.
   */
  public static final List<String> RESERVED =
      List.of(
          "/tmp",
          "/opt/featherman",
          "/etc/featherman",
          "/etc",
          "/proc",
          "/sys",
          "/dev",
          "/usr",
          "/bin",
          "/sbin",
          "/lib",
          "/lib64",
          "/run",
          "/var/run",
          "/root");

  private CatalogPaths() {}

  /** Adds an error on {@code field} when {@code path} may not hold a catalog file. */
  public static void check(String path, String field, Validation v) {
    if (path == null || path.isEmpty()) {
      v.error(
          field, "is required for duckdb and sqlite catalogs, e.g. /var/lib/featherman/lake.db");
      return;
    }
    if (!path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
      v.error(
          field, "'" + path + "' must be an absolute file path, e.g. /var/lib/featherman/lake.db");
      return;
    }
    for (String segment : path.substring(1).split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        v.error(field, "'" + path + "' must not contain '.' or '..' segments");
        return;
      }
    }
    String mount = path.substring(0, path.lastIndexOf('/'));
    if (mount.isEmpty()) {
      v.error(
          field,
          "'"
              + path
              + "' is in '/': the catalog volume is mounted at the file's directory, so"
              + " put the file in a directory of its own, e.g. /var/lib/featherman/lake.db");
      return;
    }
    for (String reserved : RESERVED) {
      if (overlaps(mount, reserved)) {
        v.error(
            field,
            "'"
                + path
                + "' would mount the catalog volume at "
                + mount
                + ", which overlaps the worker's "
                + reserved
                + "; use a directory such as /var/lib/featherman");
        return;
      }
    }
  }

  private static boolean overlaps(String a, String b) {
    return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
  }
}
