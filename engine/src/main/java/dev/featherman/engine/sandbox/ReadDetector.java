package dev.featherman.engine.sandbox;

import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.query.SqlLexer;
import java.util.List;

/**
 * Tells whether a text only reads, by DuckDB's parser, for callers that route queries without a
 * lake of their own (the cluster-mode gateway decides retries and read-only pools with it). A write
 * taken for a read could be retried after it ran, so anything DuckDB does not parse as exactly one
 * query counts as a write, except a plain EXPLAIN, which never runs its statement.
 */
public final class ReadDetector implements AutoCloseable {
  private final ParserConnections parsers = new ParserConnections();

  /** Whether {@code sql} is exactly one query, or an EXPLAIN that does not ANALYZE. */
  public boolean isRead(String sql) {
    return parsers.with(p -> DuckDbParser.countQueries(p.connection(), sql)) == 1
        || isPlainExplain(sql);
  }

  private static boolean isPlainExplain(String sql) {
    List<SqlLexer.Token> tokens;
    try {
      tokens = SqlLexer.tokenize(sql);
    } catch (QueryException e) {
      return false;
    }
    if (tokens.size() < 2 || !isWord(tokens.get(0), "EXPLAIN")) {
      return false;
    }
    SqlLexer.Token second = tokens.get(1);
    return !isWord(second, "ANALYZE") && !isWord(second, "ANALYSE") && !second.is('(');
  }

  private static boolean isWord(SqlLexer.Token token, String word) {
    return token.kind() == SqlLexer.Kind.WORD && token.text().equals(word);
  }

  @Override
  public void close() {
    parsers.close();
  }
}
