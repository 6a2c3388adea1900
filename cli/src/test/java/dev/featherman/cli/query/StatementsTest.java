package dev.featherman.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementsTest {
  @Test
  void aStatementEndsAtASemicolonOutsideQuotesAndComments() {
    assertThat(Statements.complete("SELECT 1")).isEmpty();
    assertThat(Statements.complete("SELECT 1;")).containsExactly("SELECT 1");
    assertThat(Statements.complete("SELECT\n  1\n;\n")).containsExactly("SELECT\n  1");
    assertThat(Statements.complete("SELECT 'a;b'")).isEmpty();
    assertThat(Statements.complete("SELECT 'a;")).isEmpty();
    assertThat(Statements.complete("SELECT 'it''s;';")).containsExactly("SELECT 'it''s;'");
    assertThat(Statements.complete("SELECT \"x;y\" FROM t;"))
        .containsExactly("SELECT \"x;y\" FROM t");
    assertThat(Statements.complete("SELECT 1 -- done;\n")).isEmpty();
    assertThat(Statements.complete("SELECT 1; -- done\n")).containsExactly("SELECT 1");
    assertThat(Statements.complete("SELECT /* ; */ 1;")).containsExactly("SELECT /* ; */ 1");
    assertThat(Statements.complete("SELECT /* ; 1;")).isEmpty();
  }

  @Test
  void severalStatementsOnOneLineAreSentOneByOne() {
    assertThat(Statements.complete("SELECT 1; SELECT 2;")).containsExactly("SELECT 1", "SELECT 2");
    assertThat(Statements.complete("SELECT 1; SELECT 2")).isEmpty();
    assertThat(Statements.complete(";;")).isEmpty();
  }
}
