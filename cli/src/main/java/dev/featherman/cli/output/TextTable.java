package dev.featherman.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Columns aligned like kubectl's: upper-case headers, values padded to the widest cell. */
public final class TextTable {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();
  private final boolean[] rightAligned;

  public TextTable(List<String> headers) {
    this.headers = List.copyOf(headers);
    this.rightAligned = new boolean[headers.size()];
  }

  /** Numbers read better right-aligned. */
  public TextTable alignRight(int column) {
    rightAligned[column] = true;
    return this;
  }

  public TextTable add(List<String> row) {
    rows.add(List.copyOf(row));
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Prints the header and every row, columns separated by three spaces. */
  public void print(PrintWriter out) {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = headers.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    out.println(line(headers, widths));
    rows.forEach(row -> out.println(line(row, widths)));
    out.flush();
  }

  private String line(List<String> cells, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      boolean last = c == cells.size() - 1;
      String pad = " ".repeat(widths[c] - cell.length());
      if (rightAligned[c]) {
        b.append(pad).append(cell);
      } else {
        b.append(cell).append(last ? "" : pad);
      }
      if (!last) {
        b.append("   ");
      }
    }
    return b.toString().stripTrailing();
  }
}
