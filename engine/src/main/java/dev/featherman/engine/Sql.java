package dev.featherman.engine;

/**
 * Quoting for every value that reaches SQL from a spec, a Secret or a user. Nothing is spliced into
 * a statement without passing through here (or through a parsed, canonical type).
 */
public final class Sql {
  private Sql() {}

  /** A double-quoted identifier; embedded quotes are doubled. */
  public static String identifier(String name) {
    requireClean(name, "identifier");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("identifier is empty");
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** A single-quoted string literal; embedded quotes are doubled, backslashes stay literal. */
  public static String literal(String value) {
    requireClean(value, "string literal");
    return '\'' + value.replace("'", "''") + '\'';
  }

  /** {@code "catalog"."table"}. */
  public static String qualified(String catalog, String table) {
    return identifier(catalog) + "." + identifier(table);
  }

  /** {@code "catalog"."schema"."table"}. */
  public static String qualified(String catalog, String schema, String table) {
    return identifier(catalog) + "." + identifier(schema) + "." + identifier(table);
  }

  private static void requireClean(String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is null");
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " contains a NUL character");
    }
  }
}
