package dev.featherman.api.types;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Recursive-descent parser for {@link ColumnType}; tokens are words, numbers and punctuation. */
final class ColumnTypeParser {
  private static final int MAX_LENGTH = 512;
  private static final int MAX_DEPTH = 8;
  private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*";

  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("BOOL", "BOOLEAN"),
          Map.entry("LOGICAL", "BOOLEAN"),
          Map.entry("INT1", "TINYINT"),
          Map.entry("INT2", "SMALLINT"),
          Map.entry("SHORT", "SMALLINT"),
          Map.entry("INT", "INTEGER"),
          Map.entry("INT4", "INTEGER"),
          Map.entry("SIGNED", "INTEGER"),
          Map.entry("INT8", "BIGINT"),
          Map.entry("LONG", "BIGINT"),
          Map.entry("FLOAT4", "FLOAT"),
          Map.entry("REAL", "FLOAT"),
          Map.entry("FLOAT8", "DOUBLE"),
          Map.entry("STRING", "VARCHAR"),
          Map.entry("TEXT", "VARCHAR"),
          Map.entry("CHAR", "VARCHAR"),
          Map.entry("BPCHAR", "VARCHAR"),
          Map.entry("BYTEA", "BLOB"),
          Map.entry("BINARY", "BLOB"),
          Map.entry("VARBINARY", "BLOB"),
          Map.entry("DATETIME", "TIMESTAMP"),
          Map.entry("TIMESTAMP_US", "TIMESTAMP"));

  private final String text;
  private final List<String> tokens;
  private int pos;

  ColumnTypeParser(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidColumnTypeException(
          "column type is empty; use a DuckDB type such as INTEGER");
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidColumnTypeException(
          "column type is longer than " + MAX_LENGTH + " characters");
    }
    this.text = text;
    this.tokens = tokenize(text);
  }

  ColumnType parseAll() {
    ColumnType type = parseType(0);
    if (pos != tokens.size()) {
      throw error("unexpected '" + tokens.get(pos) + "'");
    }
    return type;
  }

  private ColumnType parseType(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested more than " + MAX_DEPTH + " levels deep");
    }
    ColumnType type = parseBase(depth);
    while (peek("[")) {
      expect("[");
      expect("]");
      type = new ColumnType.ListOf(type);
    }
    return type;
  }

  private ColumnType parseBase(int depth) {
    String word = next().toUpperCase(Locale.ROOT);
    switch (word) {
      case "DECIMAL", "NUMERIC" -> {
        if (!peek("(")) {
          return new ColumnType.Decimal(18, 3);
        }
        expect("(");
        int precision = number();
        int scale = 0;
        if (peek(",")) {
          expect(",");
          scale = number();
        }
        expect(")");
        if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
          throw error("DECIMAL needs 1 <= precision <= 38 and 0 <= scale <= precision");
        }
        return new ColumnType.Decimal(precision, scale);
      }
      case "VARCHAR" -> {
        if (peek("(")) { // DuckDB accepts and ignores a length.
          expect("(");
          number();
          expect(")");
        }
        return new ColumnType.Scalar("VARCHAR");
      }
      case "STRUCT", "ROW" -> {
        expect("(");
        List<ColumnType.Struct.Field> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        do {
          if (!fields.isEmpty()) {
            expect(",");
          }
          String name = unquote(next());
          if (!name.matches(IDENTIFIER)) {
            throw error("struct field name '" + name + "' must match " + IDENTIFIER);
          }
          if (!seen.add(name.toLowerCase(Locale.ROOT))) {
            throw error("struct field '" + name + "' appears twice");
          }
          fields.add(new ColumnType.Struct.Field(name, parseType(depth + 1)));
        } while (peek(","));
        expect(")");
        return new ColumnType.Struct(List.copyOf(fields));
      }
      case "MAP" -> {
        expect("(");
        ColumnType key = parseType(depth + 1);
        expect(",");
        ColumnType value = parseType(depth + 1);
        expect(")");
        return new ColumnType.MapOf(key, value);
      }
      case "LIST" -> {
        expect("(");
        ColumnType element = parseType(depth + 1);
        expect(")");
        return new ColumnType.ListOf(element);
      }
      case "DOUBLE" -> {
        if (peek("PRECISION")) {
          next();
        }
        return new ColumnType.Scalar("DOUBLE");
      }
      case "TIMESTAMP", "TIME" -> {
        if (peek("WITH")) {
          next();
          expectWord("TIME");
          expectWord("ZONE");
          return new ColumnType.Scalar(word + "TZ");
        }
        return new ColumnType.Scalar(word);
      }
      default -> {
        String canonical = ALIASES.getOrDefault(word, word);
        if (!ColumnType.Scalar.NAMES.contains(canonical)) {
          throw error(
              "'"
                  + word
                  + "' is not a type DuckLake supports; use one of "
                  + new TreeSet<>(ColumnType.Scalar.NAMES)
                  + ", DECIMAL(p,s), T[], STRUCT(...) or MAP(K, V)");
        }
        return new ColumnType.Scalar(canonical);
      }
    }
  }

  private static List<String> tokenize(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if ("()[],".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else if (c == '"') {
        int end = text.indexOf('"', i + 1);
        if (end < 0) {
          throw new InvalidColumnTypeException("column type '" + text + "' has an unclosed quote");
        }
        out.add(text.substring(i, end + 1));
        i = end + 1;
      } else if (Character.isLetterOrDigit(c) || c == '_') {
        int start = i;
        while (i < text.length()
            && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
          i++;
        }
        out.add(text.substring(start, i));
      } else {
        throw new InvalidColumnTypeException(
            "column type '"
                + text
                + "' contains '"
                + c
                + "'; types use letters, digits, _ , ( ) [ ]");
      }
    }
    return out;
  }

  private static String unquote(String token) {
    return token.startsWith("\"") ? token.substring(1, token.length() - 1) : token;
  }

  private boolean peek(String token) {
    return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(token);
  }

  private String next() {
    if (pos >= tokens.size()) {
      throw error("ends too early");
    }
    return tokens.get(pos++);
  }

  private void expect(String token) {
    if (!peek(token)) {
      throw error(
          "expected '"
              + token
              + "'"
              + (pos < tokens.size() ? " at '" + tokens.get(pos) + "'" : " at the end"));
    }
    pos++;
  }

  private void expectWord(String word) {
    expect(word);
  }

  private int number() {
    String token = next();
    if (!token.matches("[0-9]{1,4}")) {
      throw error("expected a number, found '" + token + "'");
    }
    return Integer.parseInt(token);
  }

  private InvalidColumnTypeException error(String what) {
    return new InvalidColumnTypeException("column type '" + text + "' is invalid: " + what);
  }
}
