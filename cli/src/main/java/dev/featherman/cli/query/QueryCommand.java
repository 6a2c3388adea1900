package dev.featherman.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.featherman.cli.CliException;
import dev.featherman.cli.Console;
import dev.featherman.cli.ExitCodes;
import dev.featherman.cli.FeathermanCli;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code featherman query}: one statement, or an interactive session, against a gateway. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Run SQL on a Featherman gateway, or without SQL an interactive session.",
      "In a session statements end with ';'; \\timing, \\format FORMAT, \\catalog NAME,",
      "\\help and \\q.",
      "The token comes from --token-file or FEATHERMAN_TOKEN."
    })
public final class QueryCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand FeathermanCli cli;

  @Option(
      names = {"-g", "--gateway"},
      paramLabel = "URL",
      description = "Gateway URL (default: $FEATHERMAN_GATEWAY, else http://localhost:8080).")
  String gateway;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "File holding the bearer token (default: $FEATHERMAN_TOKEN).")
  Path tokenFile;

  @Option(
      names = {"-c", "--catalog"},
      paramLabel = "CATALOG",
      description =
          "Catalog to query (default: $FEATHERMAN_CATALOG, else the only one the token may query).")
  String catalog;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      description =
          "table, csv, json (lines), arrow (IPC stream) or parquet (default: table on a terminal,"
              + " else csv).")
  String format;

  @Option(
      names = {"-p", "--param"},
      paramLabel = "VALUE",
      description =
          "A value for the next '?' (repeatable): a JSON literal (42, true, null, \"text\") or"
              + " else taken as text.")
  List<String> params = new ArrayList<>();

  @Option(names = "--timing", description = "Print how long each statement took (to stderr).")
  boolean timing;

  @Parameters(
      paramLabel = "SQL",
      arity = "0..*",
      description = "The statement ('-' reads it from standard input); none starts a session.")
  List<String> sql = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    Console console = cli.console();
    Session session =
        new Session(
            new GatewayClient(URI.create(gatewayUrl(console)), token(console)),
            console,
            catalog != null ? catalog : console.env("FEATHERMAN_CATALOG"),
            format != null ? format : console.interactive() ? "table" : "csv",
            timing);
    if (sql.isEmpty()) {
      return new Repl(session, console).run();
    }
    String statement =
        sql.equals(List.of("-"))
            ? new String(console.in().readAllBytes(), StandardCharsets.UTF_8)
            : String.join(" ", sql);
    session.run(statement, parsedParams());
    return ExitCodes.OK;
  }

  private String gatewayUrl(Console console) {
    String url = gateway != null ? gateway : console.env("FEATHERMAN_GATEWAY");
    url = url == null || url.isBlank() ? "http://localhost:8080" : url;
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new CliException(
          ExitCodes.USAGE, "gateway URL '" + url + "' must start with http:// or https://");
    }
    return url;
  }

  private String token(Console console) throws IOException {
    if (tokenFile != null) {
      if (!Files.isReadable(tokenFile)) {
        throw new CliException(ExitCodes.USAGE, "token file " + tokenFile + " cannot be read");
      }
      return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
    }
    String token = console.env("FEATHERMAN_TOKEN");
    return token == null || token.isBlank() ? null : token.strip();
  }

  private List<JsonNode> parsedParams() {
    List<JsonNode> values = new ArrayList<>();
    for (String p : params) {
      values.add(literal(p));
    }
    return values;
  }

  /** A JSON literal when the text is one, else the text itself. */
  static JsonNode literal(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node != null && node.isValueNode()) {
        return node;
      }
    } catch (IOException notJson) {
      // plain text
    }
    return TextNode.valueOf(text);
  }
}
