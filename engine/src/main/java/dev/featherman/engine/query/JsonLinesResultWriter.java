package dev.featherman.engine.query;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBStruct;

/**
 * One JSON object per row. Numbers and booleans stay JSON numbers and booleans, lists, structs and
 * maps become arrays and objects, everything else is DuckDB's text form as a JSON string.
 */
final class JsonLinesResultWriter implements ResultWriter {
  private static final Set<String> NUMERIC =
      Set.of(
          "TINYINT",
          "SMALLINT",
          "INTEGER",
          "BIGINT",
          "HUGEINT",
          "UTINYINT",
          "USMALLINT",
          "UINTEGER",
          "UBIGINT",
          "UHUGEINT",
          "FLOAT",
          "DOUBLE");

  private enum Kind {
    NUMBER,
    BOOLEAN,
    NESTED,
    TEXT
  }

  @Override
  public void write(ResultSet rs, OutputStream out, RowBudget budget)
      throws SQLException, IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    String[] keys = new String[n];
    Kind[] kinds = new Kind[n];
    ValueText[] renderers = new ValueText[n];
    for (int i = 0; i < n; i++) {
      keys[i] = quote(md.getColumnLabel(i + 1)) + ":";
      kinds[i] = kind(md.getColumnTypeName(i + 1));
      renderers[i] = ValueText.forType(md.getColumnTypeName(i + 1));
    }
    while (rs.next()) {
      budget.take(1);
      w.write('{');
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          w.write(',');
        }
        w.write(keys[i]);
        writeColumn(w, rs, i + 1, kinds[i], renderers[i]);
      }
      w.write("}\n");
    }
    w.flush();
  }

  private static Kind kind(String typeName) {
    String t = typeName.toUpperCase(Locale.ROOT);
    if (NUMERIC.contains(t) || t.startsWith("DECIMAL")) {
      return Kind.NUMBER;
    }
    if (t.equals("BOOLEAN")) {
      return Kind.BOOLEAN;
    }
    if (t.endsWith("]")
        || t.startsWith("STRUCT")
        || t.startsWith("MAP")
        || t.startsWith("LIST")
        || t.startsWith("UNION")) {
      return Kind.NESTED;
    }
    return Kind.TEXT;
  }

  private static void writeColumn(Writer w, ResultSet rs, int column, Kind kind, ValueText text)
      throws SQLException, IOException {
    switch (kind) {
      case NUMBER -> {
        String digits = rs.getString(column);
        w.write(digits == null ? "null" : number(digits));
      }
      case BOOLEAN -> {
        boolean value = rs.getBoolean(column);
        w.write(rs.wasNull() ? "null" : Boolean.toString(value));
      }
      case NESTED -> value(w, rs.getObject(column));
      case TEXT -> {
        String value = text.read(rs, column);
        w.write(value == null ? "null" : quote(value));
      }
    }
  }

  /** JSON has no NaN or infinity: those become strings. */
  private static String number(String text) {
    char c = text.charAt(text.length() - 1);
    return Character.isDigit(c) ? text : quote(text);
  }

  private static void value(Writer w, Object value) throws SQLException, IOException {
    if (value == null) {
      w.write("null");
    } else if (value instanceof Boolean b) {
      w.write(b.toString());
    } else if (value instanceof BigDecimal d) {
      w.write(d.toPlainString());
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      w.write(value.toString());
    } else if (value instanceof Number num) {
      w.write(number(num.toString()));
    } else if (value instanceof Array array) {
      Object[] items = (Object[]) array.getArray();
      w.write('[');
      for (int i = 0; i < items.length; i++) {
        if (i > 0) {
          w.write(',');
        }
        value(w, items[i]);
      }
      w.write(']');
    } else if (value instanceof DuckDBStruct struct) {
      entries(w, struct.getMap());
    } else if (value instanceof Map<?, ?> map) {
      entries(w, map);
    } else {
      w.write(quote(value.toString()));
    }
  }

  private static void entries(Writer w, Map<?, ?> map) throws SQLException, IOException {
    w.write('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!first) {
        w.write(',');
      }
      first = false;
      w.write(quote(String.valueOf(e.getKey())));
      w.write(':');
      value(w, e.getValue());
    }
    w.write('}');
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
