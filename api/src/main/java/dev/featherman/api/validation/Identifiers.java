package dev.featherman.api.validation;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** DuckDB identifier rules for names Featherman creates: tables and columns. */
public final class Identifiers {
  private static final Pattern SIMPLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Longest name accepted (PostgreSQL catalogs truncate identifiers at 63 bytes). */
  public static final int MAX_LENGTH = 63;

  /** DuckDB 1.5's reserved keywords (duckdb_keywords() where keyword_category = 'reserved'). */
  public static final Set<String> RESERVED =
      Set.of(
          "all",
          "analyse",
          "analyze",
          "and",
          "any",
          "array",
          "as",
          "asc",
          "asymmetric",
          "both",
          "case",
          "cast",
          "check",
          "collate",
          "column",
          "constraint",
          "create",
          "default",
          "deferrable",
          "desc",
          "describe",
          "distinct",
          "do",
          "else",
          "end",
          "except",
          "false",
          "fetch",
          "for",
          "foreign",
          "from",
          "group",
          "having",
          "in",
          "initially",
          "intersect",
          "into",
          "lambda",
          "lateral",
          "leading",
          "limit",
          "not",
          "null",
          "offset",
          "on",
          "only",
          "or",
          "order",
          "pivot",
          "pivot_longer",
          "pivot_wider",
          "placing",
          "primary",
          "qualify",
          "references",
          "returning",
          "select",
          "show",
          "some",
          "summarize",
          "symmetric",
          "table",
          "then",
          "to",
          "trailing",
          "true",
          "union",
          "unique",
          "unpivot",
          "using",
          "variadic",
          "when",
          "where",
          "window",
          "with");

  private Identifiers() {}

  /** Adds an error to {@code v} when {@code name} is not a usable DuckDB identifier. */
  public static void check(String name, String field, Validation v) {
    if (name == null || name.isEmpty()) {
      v.error(field, "is required");
    } else if (name.length() > MAX_LENGTH) {
      v.error(field, "'" + name + "' is longer than " + MAX_LENGTH + " characters");
    } else if (!SIMPLE.matcher(name).matches()) {
      v.error(
          field,
          "'"
              + name
              + "' must start with a letter or '_' and contain only letters, digits and '_'");
    } else if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
      v.error(
          field,
          "'"
              + name
              + "' is a reserved word in DuckDB and would have to be quoted in every query;"
              + " choose another name, e.g. '"
              + name
              + "_'");
    }
  }
}
