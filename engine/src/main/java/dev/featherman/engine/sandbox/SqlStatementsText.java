package dev.featherman.engine.sandbox;

import dev.featherman.engine.query.SqlLexer;
import java.util.List;

/** Small text operations on a statement DuckDB has already parsed as exactly one. */
final class SqlStatementsText {
  private SqlStatementsText() {}

  /** The statement without trailing semicolons, comments after them, or surrounding space. */
  static String withoutTerminator(String statement) {
    List<SqlLexer.Token> tokens = SqlLexer.tokenize(statement);
    int last = tokens.size() - 1;
    while (last >= 0 && tokens.get(last).is(';')) {
      last--;
    }
    return last < 0 ? "" : statement.substring(tokens.get(0).start(), tokens.get(last).end());
  }
}
