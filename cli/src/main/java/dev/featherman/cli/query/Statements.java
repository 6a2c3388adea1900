package dev.featherman.cli.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Where typed input ends statements: at each ';' that is not inside a quote or a comment. Only to
 * know when and what to send; what a statement is, the gateway's DuckDB parser decides.
 */
final class Statements {
  private Statements() {}

  /**
   * The statements (without their ';') when the input ends with one outside quotes and comments; an
   * empty list while a statement is still being typed.
   */
  static List<String> complete(CharSequence input) {
    boolean single = false;
    boolean dbl = false;
    boolean lineComment = false;
    boolean blockComment = false;
    boolean open = false;
    List<Integer> terminators = new ArrayList<>();
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      char n = i + 1 < input.length() ? input.charAt(i + 1) : 0;
      if (lineComment) {
        lineComment = c != '\n';
      } else if (blockComment) {
        if (c == '*' && n == '/') {
          blockComment = false;
          i++;
        }
      } else if (single) {
        single = c != '\'';
      } else if (dbl) {
        dbl = c != '"';
      } else if (c == '-' && n == '-') {
        lineComment = true;
      } else if (c == '/' && n == '*') {
        blockComment = true;
        i++;
      } else if (c == ';') {
        terminators.add(i);
        open = false;
      } else if (!Character.isWhitespace(c)) {
        single = c == '\'';
        dbl = c == '"';
        open = true;
      }
    }
    if (open || single || dbl || blockComment || terminators.isEmpty()) {
      return List.of();
    }
    List<String> statements = new ArrayList<>();
    int from = 0;
    for (int end : terminators) {
      String statement = input.subSequence(from, end).toString().strip();
      if (!statement.isEmpty()) {
        statements.add(statement);
      }
      from = end + 1;
    }
    return statements;
  }
}
