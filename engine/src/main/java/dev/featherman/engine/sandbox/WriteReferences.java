package dev.featherman.engine.sandbox;

import dev.featherman.engine.query.SqlLexer;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A first filter over a write's tokens for what its plan does not show: refused scalar functions (a
 * setting copied into a table) and other databases used as qualifiers. DuckDB's parser cannot
 * serialize writes, so this reads the same tokens the lexer gives; the write's plan is then checked
 * by DuckDB itself ({@link WritePlan}) and the session's settings fence the rest.
 */
final class WriteReferences {
  /** Databases every DuckDB has besides the lake; the lake's metadata one is named after it. */
  private static final Set<String> OTHER_DATABASES = Set.of("memory", "temp", "system");

  private WriteReferences() {}

  static void check(List<SqlLexer.Token> tokens, String lakeAlias, Set<String> tableFunctions) {
    String lake = lakeAlias.toLowerCase(Locale.ROOT);
    for (int i = 0; i < tokens.size(); i++) {
      SqlLexer.Token t = tokens.get(i);
      if (!t.isIdentifier()) {
        continue;
      }
      boolean qualifier = i + 1 < tokens.size() && tokens.get(i + 1).is('.');
      boolean qualified = i > 0 && tokens.get(i - 1).is('.');
      if (qualifier
          && !qualified
          && !t.name().equals(lake)
          && (OTHER_DATABASES.contains(t.name()) || t.name().startsWith("__ducklake_metadata_"))) {
        throw QueryPolicy.forbidden(
            "only catalog '" + lakeAlias + "' may be used; '" + t.text() + "' is not it");
      }
      boolean call = i + 1 < tokens.size() && tokens.get(i + 1).is('(');
      if (call
          && tableFunctions.contains(t.name())
          && !FunctionPolicy.TABLE_FUNCTIONS.contains(t.name())) {
        throw QueryPolicy.forbidden(
            "table function '" + t.name() + "' is not allowed: write from the lake's own tables");
      }
      if (call && FunctionPolicy.refusedFunctions().contains(t.name())) {
        throw QueryPolicy.forbidden(
            "function '"
                + t.name()
                + "' is not allowed in queries ("
                + FunctionPolicy.reasonRefused(t.name())
                + ")");
      }
    }
  }
}
