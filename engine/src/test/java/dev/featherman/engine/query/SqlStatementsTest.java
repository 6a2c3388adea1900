package dev.featherman.engine.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Statement splitting follows DuckDB's lexical rules, and anything ambiguous is rejected. */
class SqlStatementsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT 1",
        "SELECT 1;",
        "  SELECT 1 ;  \n -- trailing comment",
        "SELECT 'a;b'",
        "SELECT 'it''s; fine'",
        "SELECT \"semi;colon\" FROM t",
        "SELECT E'\\'; still a string'",
        "SELECT e'\\\\'",
        "SELECT $$ ; $$",
        "SELECT $tag$ ; $$ ; $tag$",
        "SELECT 1 -- ; not a statement",
        "SELECT /* ; */ 1",
        "SELECT /* nested /* ; */ still comment ; */ 1",
        "SELECT $1, $2",
        "SELECT a$b FROM t",
        "/* leading */ SELECT 1; /* trailing */"
      })
  void singleStatements(String sql) {
    assertThat(SqlStatements.split(sql)).hasSize(1);
    assertThat(SqlStatements.requireSingle(sql)).doesNotEndWith(";");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT 1; SELECT 2",
        "SELECT 'a'; DROP TABLE t",
        "SELECT E'\\''; DROP TABLE t; --'",
        "SELECT 1;DROP TABLE t",
        "SELECT \"x\"\"\"; ATTACH 'evil.db'",
        "SELECT $$x$$; COPY t TO '/tmp/x'",
        "SELECT 1 /* c */; SELECT 2",
        "SELECT te'x'; SELECT 2"
      })
  void multipleStatementsAreRejected(String sql) {
    assertThat(SqlStatements.split(sql)).hasSizeGreaterThan(1);
    assertThatThrownBy(() -> SqlStatements.requireSingle(sql))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("send exactly one per request");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT 'open",
        "SELECT \"open",
        "SELECT /* open",
        "SELECT $q$ open",
        "SELECT E'\\'"
      })
  void unterminatedInputIsRejected(String sql) {
    assertThatThrownBy(() -> SqlStatements.requireSingle(sql))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("unterminated");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", ";", "-- only a comment", "/* c */ ;"})
  void emptyInputIsRejected(String sql) {
    assertThatThrownBy(() -> SqlStatements.requireSingle(sql))
        .hasMessageContaining("no SQL statement");
  }
}
