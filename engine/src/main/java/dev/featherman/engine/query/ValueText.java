package dev.featherman.engine.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Text form of a column value for CSV and JSON, matching DuckDB's own rendering where the JDBC
 * driver's differs: timestamps without Java's trailing ".0", BLOBs with {@code \xHH} escapes.
 */
enum ValueText {
  PLAIN,
  TIMESTAMP,
  BLOB;

  /** The rendering for a column of DuckDB type {@code typeName}. */
  static ValueText forType(String typeName) {
    String t = typeName.toUpperCase(Locale.ROOT);
    if (t.startsWith("TIMESTAMP") && !t.contains("TIME ZONE") && !t.equals("TIMESTAMPTZ")) {
      return TIMESTAMP;
    }
    return t.equals("BLOB") ? BLOB : PLAIN;
  }

  /** The value's text, or null for SQL NULL. */
  String read(ResultSet rs, int column) throws SQLException {
    switch (this) {
      case TIMESTAMP -> {
        String s = rs.getString(column);
        return s != null && s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
      }
      case BLOB -> {
        byte[] bytes = rs.getBytes(column);
        if (bytes == null) {
          return null;
        }
        StringBuilder sb = new StringBuilder(bytes.length);
        for (byte b : bytes) {
          int v = b & 0xff;
          if (v >= 0x20 && v < 0x7f && v != '\\') {
            sb.append((char) v);
          } else {
            sb.append(String.format("\\x%02X", v));
          }
        }
        return sb.toString();
      }
      default -> {
        return rs.getString(column);
      }
    }
  }
}
