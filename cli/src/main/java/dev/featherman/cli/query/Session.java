package dev.featherman.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featherman.cli.CliException;
import dev.featherman.cli.Console;
import dev.featherman.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** One user's settings against one gateway: catalog, output format, timing; runs statements. */
final class Session {
  /** What --format and \format accept; table is CSV rendered here. */
  static final Set<String> FORMATS = Set.of("table", "csv", "json", "arrow", "parquet");

  private final GatewayClient gateway;
  private final Console console;
  private String catalog;
  private String format;
  private boolean timing;

  Session(GatewayClient gateway, Console console, String catalog, String format, boolean timing) {
    this.gateway = gateway;
    this.console = console;
    this.catalog = catalog;
    this.format = checkFormat(format);
    this.timing = timing;
  }

  static String checkFormat(String format) {
    String f = format.toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(f)) {
      throw new CliException(
          ExitCodes.USAGE,
          "unknown format '" + format + "': use one of table, csv, json, arrow, parquet");
    }
    return f;
  }

  /** Runs one statement and writes its result; a refusal throws with the gateway's detail. */
  void run(String sql, List<JsonNode> params) throws IOException {
    if (catalog == null) {
      catalog = onlyCatalog();
    }
    long start = System.nanoTime();
    String wire = format.equals("table") ? "csv" : format;
    long rows = -1;
    try (InputStream body = gateway.query(sql, catalog, wire, params)) {
      if (format.equals("table")) {
        rows =
            ResultTable.print(new InputStreamReader(body, StandardCharsets.UTF_8), console.out());
      } else {
        console.out().flush();
        OutputStream out = console.rawOut();
        body.transferTo(out);
        out.flush();
      }
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "the result was cut off: " + e.getMessage());
    }
    if (timing) {
      double millis = (System.nanoTime() - start) / 1e6;
      console
          .err()
          .printf(
              Locale.ROOT,
              "Time: %.1f ms%s%n",
              millis,
              rows < 0 ? "" : rows == 1 ? ", 1 row" : ", " + rows + " rows");
      console.err().flush();
    }
  }

  /** The one catalog the token may read; with none or several the user must name one. */
  private String onlyCatalog() {
    List<String> catalogs = gateway.catalogs();
    if (catalogs.size() == 1) {
      return catalogs.get(0);
    }
    throw new CliException(
        ExitCodes.USAGE,
        catalogs.isEmpty()
            ? "this token may query no catalog"
            : "name a catalog with --catalog or FEATHERMAN_CATALOG (this token may query: "
                + String.join(", ", catalogs)
                + ")");
  }

  String catalog() {
    return catalog;
  }

  void catalog(String catalog) {
    this.catalog = catalog;
  }

  String format() {
    return format;
  }

  void format(String format) {
    this.format = checkFormat(format);
  }

  boolean timing() {
    return timing;
  }

  void timing(boolean timing) {
    this.timing = timing;
  }
}
