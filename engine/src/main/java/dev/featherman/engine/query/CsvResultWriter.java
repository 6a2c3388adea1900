package dev.featherman.engine.query;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/** RFC 4180 CSV: header row, CRLF line ends, fields quoted when they hold , " CR or LF. */
final class CsvResultWriter implements ResultWriter {
  @Override
  public void write(ResultSet rs, OutputStream out, RowBudget budget)
      throws SQLException, IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    ValueText[] renderers = new ValueText[n + 1];
    for (int i = 1; i <= n; i++) {
      renderers[i] = ValueText.forType(md.getColumnTypeName(i));
    }
    for (int i = 1; i <= n; i++) {
      if (i > 1) {
        w.write(',');
      }
      field(w, md.getColumnLabel(i));
    }
    w.write("\r\n");
    while (rs.next()) {
      budget.take(1);
      for (int i = 1; i <= n; i++) {
        if (i > 1) {
          w.write(',');
        }
        String value = renderers[i].read(rs, i);
        if (value != null) {
          field(w, value);
        }
      }
      w.write("\r\n");
    }
    w.flush();
  }

  static void field(Writer w, String value) throws IOException {
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    // An empty string is quoted so that it stays distinct from NULL (an empty field).
    if (!quote && !value.isEmpty()) {
      w.write(value);
      return;
    }
    w.write('"');
    w.write(value.replace("\"", "\"\""));
    w.write('"');
  }
}
