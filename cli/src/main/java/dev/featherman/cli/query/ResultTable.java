package dev.featherman.cli.query;

import dev.featherman.cli.output.TextTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A CSV result shown as an aligned table: NULL spelled out, numeric columns right-aligned. */
final class ResultTable {
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

  private ResultTable() {}

  /** Prints the table and returns how many rows it had. */
  static long print(Reader csv, PrintWriter out) throws IOException {
    Csv reader = new Csv(csv);
    List<String> header = reader.record();
    if (header == null) {
      out.println("(no result)");
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    for (List<String> r = reader.record(); r != null; r = reader.record()) {
      rows.add(r);
    }
    List<String> names = header.stream().map(h -> h == null ? "" : h).toList();
    TextTable table = new TextTable(names);
    for (int c = 0; c < names.size(); c++) {
      if (numeric(rows, c)) {
        table.alignRight(c);
      }
    }
    for (List<String> r : rows) {
      List<String> cells = new ArrayList<>(names.size());
      for (int c = 0; c < names.size(); c++) {
        String v = c < r.size() ? r.get(c) : null;
        cells.add(v == null ? "NULL" : v.replace("\n", "\\n").replace("\r", "\\r"));
      }
      table.add(cells);
    }
    table.print(out);
    out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    out.flush();
    return rows.size();
  }

  private static boolean numeric(List<List<String>> rows, int column) {
    boolean any = false;
    for (List<String> r : rows) {
      String v = column < r.size() ? r.get(column) : null;
      if (v != null) {
        if (!NUMBER.matcher(v).matches()) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }
}
