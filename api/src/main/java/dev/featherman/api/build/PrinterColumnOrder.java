package dev.featherman.api.build;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Plural;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Puts each generated CRD's printer columns in the order the kind declares them, which is the order
 * {@code kubectl get} shows them in (the CRD generator sorts them by JSON path, so AGE came first).
 * Runs at build time on the generator's output; the YAML is rearranged line for line, nothing else
 * in the file changes.
 */
public final class PrinterColumnOrder {
  private static final String BLOCK = "  - additionalPrinterColumns:";
  private static final String ITEM = "    - ";
  private static final String ITEM_BODY = "      ";

  private PrinterColumnOrder() {}

  /** Arguments: the generator's output directory, then the custom resource classes. */
  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    for (String className : Arrays.copyOfRange(args, 1, args.length)) {
      Class<?> kind = Class.forName(className);
      String plural = kind.getAnnotation(Plural.class).value();
      List<String> names =
          Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
              .map(AdditionalPrinterColumn::name)
              .toList();
      try (var files = Files.list(directory)) {
        for (Path crd :
            files.filter(f -> f.getFileName().toString().startsWith(plural + ".")).toList()) {
          Files.writeString(crd, reorder(Files.readString(crd, StandardCharsets.UTF_8), names));
        }
      }
    }
  }

  /** The CRD text with every version's printer columns in {@code names} order. */
  static String reorder(String crd, List<String> names) throws IOException {
    List<String> lines = new ArrayList<>(crd.lines().toList());
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i++);
      out.add(line);
      if (!line.equals(BLOCK)) {
        continue;
      }
      List<List<String>> columns = new ArrayList<>();
      while (i < lines.size() && lines.get(i).startsWith(ITEM)) {
        List<String> column = new ArrayList<>(List.of(lines.get(i++)));
        while (i < lines.size() && lines.get(i).startsWith(ITEM_BODY)) {
          column.add(lines.get(i++));
        }
        columns.add(column);
      }
      columns.sort(Comparator.comparingInt(column -> position(column, names)));
      columns.forEach(out::addAll);
    }
    return String.join("\n", out) + "\n";
  }

  private static int position(List<String> column, List<String> names) {
    for (String line : column) {
      String field = line.substring(ITEM.length()).strip();
      if (field.startsWith("name: ")) {
        String name = field.substring("name: ".length()).replace("\"", "");
        int at = names.indexOf(name);
        if (at < 0) {
          throw new IllegalStateException("printer column '" + name + "' is not declared");
        }
        return at;
      }
    }
    throw new IllegalStateException("a printer column without a name: " + column);
  }
}
