package dev.featherman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.testkit.Command;
import dev.featherman.testkit.KubernetesBinaries;
import dev.featherman.testkit.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * scripts/featherman against the gateway as {@code make run} starts it: the built gateway jar in
 * embedded mode with its demo lake, in its own process; the CLI through its launcher script.
 */
class EmbeddedGatewayIT {
  static final String TOKEN = "cli-test-owner-token";
  static final Path LAUNCHER = Path.of("..", "scripts", "featherman");
  static Process gateway;
  static String url;
  static Path data;

  @BeforeAll
  static void startGateway() throws Exception {
    Path jar;
    try (Stream<Path> jars = Files.list(Path.of("..", "query-gateway", "target"))) {
      jar =
          jars.filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("build query-gateway first"));
    }
    int port = LoopbackPorts.free();
    url = "http://127.0.0.1:" + port;
    data = Files.createTempDirectory("featherman-cli-gateway-");
    List<String> command = new ArrayList<>(List.of("java", "-Xmx512m"));
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    String extensions = System.getProperty("featherman.duckdb.extensionDirectory");
    if (extensions != null) {
      command.add("-Dfeatherman.duckdb.extensionDirectory=" + extensions);
    }
    command.addAll(
        List.of(
            "-jar",
            jar.toAbsolutePath().toString(),
            "--server.address=127.0.0.1",
            "--server.port=" + port,
            "--featherman.gateway.flight-sql.enabled=false",
            "--featherman.gateway.embedded.demo-rows=1000",
            "--featherman.gateway.embedded.data-directory=" + data));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("log").toFile());
    builder.environment().put("FEATHERMAN_TOKEN", TOKEN);
    gateway = builder.start();
    awaitHealthy();
  }

  static void awaitHealthy() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!gateway.isAlive()) {
        throw new IllegalStateException("gateway exited: " + Files.readString(data.resolve("log")));
      }
      try {
        var r =
            http.send(
                HttpRequest.newBuilder(URI.create(url + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("gateway not ready: " + Files.readString(data.resolve("log")));
  }

  @AfterAll
  static void stopGateway() throws Exception {
    if (gateway != null) {
      gateway.destroy();
      gateway.waitFor();
    }
  }

  static Command.Result cli(String stdin, String... args) {
    return Command.script(
        LAUNCHER, Map.of("FEATHERMAN_GATEWAY", url, "FEATHERMAN_TOKEN", TOKEN), stdin, args);
  }

  @Test
  void aStatementPrintsAnAlignedTableOrCsvAndTheCatalogIsFoundByItself() {
    Command.Result table =
        cli(
            null,
            "query",
            "-f",
            "table",
            "SELECT trip_id, pickup_zone FROM trips ORDER BY trip_id LIMIT 2");
    assertThat(table.exitCode()).as(table.stderr()).isZero();
    assertThat(table.stdout().lines().toList())
        .containsExactly(
            "trip_id   pickup_zone", "      0   Midtown", "      1   Harlem", "(2 rows)");

    Command.Result csv =
        cli(null, "query", "--catalog", "example", "SELECT count(*) AS n FROM trips");
    assertThat(csv.exitCode()).as(csv.stderr()).isZero();
    assertThat(csv.stdout()).isEqualTo("n\r\n1000\r\n");

    Command.Result bound =
        cli(null, "query", "-p", "41", "-p", "it's", "SELECT ? + 1 AS n, ? AS s");
    assertThat(bound.stdout()).isEqualTo("n,s\r\n42,it's\r\n");
  }

  @Test
  void parquetAndJsonArePassedThroughAsTheGatewaySendsThem() {
    Command.Result parquet = cli(null, "query", "-f", "parquet", "SELECT * FROM trips");
    assertThat(parquet.exitCode()).as(parquet.stderr()).isZero();
    assertThat(parquet.stdout()).startsWith("PAR1").endsWith("PAR1");
    Command.Result json = cli(null, "query", "-f", "json", "SELECT 1 AS a, 'x' AS b");
    assertThat(json.stdout()).isEqualTo("{\"a\":1,\"b\":\"x\"}\n");
  }

  @Test
  void refusalsShowTheGatewaysDetailAndExitWithOne() {
    Command.Result syntax = cli(null, "query", "SELEC 1");
    assertThat(syntax.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(syntax.stderr()).contains("error: ").contains("syntax error").contains("HTTP 400");

    Command.Result sandbox = cli(null, "query", "SELECT * FROM read_csv('/etc/passwd')");
    assertThat(sandbox.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(sandbox.stderr()).contains("read_csv");

    Command.Result token =
        Command.script(
            LAUNCHER,
            Map.of("FEATHERMAN_GATEWAY", url, "FEATHERMAN_TOKEN", "wrong"),
            null,
            "query",
            "SELECT 1");
    assertThat(token.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(token.stderr()).contains("HTTP 401").contains("FEATHERMAN_TOKEN or --token-file");

    Command.Result catalog = cli(null, "query", "-c", "nowhere", "SELECT 1");
    assertThat(catalog.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(catalog.stderr()).contains("nowhere");
  }

  @Test
  void aPipedSessionRunsEachStatementAndGoesOnAfterAnError() {
    Command.Result session =
        cli(
            """
            SELECT 1 AS x;
            \\timing
            SELECT count(*) AS n
              FROM trips; SELECT 'a;b' AS s;
            SELEC broken;
            \\format json
            SELECT 42 AS answer
            """,
            "query",
            "-f",
            "table");
    assertThat(session.exitCode()).as(session.stderr()).isZero();
    assertThat(session.stdout())
        .isEqualTo(
            """
            x
            1
            (1 row)
               n
            1000
            (1 row)
            s
            a;b
            (1 row)
            {"answer":42}
            """);
    assertThat(session.stderr())
        .contains("Timing is on.")
        .containsPattern("Time: [0-9.]+ ms, 1 row")
        .contains("syntax error")
        .contains("Format is json.");
  }

  @Test
  void kubectlRunsItAsAPluginThroughASymlink() throws Exception {
    Path bin = Files.createTempDirectory("featherman-plugin-");
    Files.createSymbolicLink(bin.resolve("kubectl-featherman"), LAUNCHER.toAbsolutePath());
    Command.Result plugin =
        Command.script(
            KubernetesBinaries.require("kubectl"),
            Map.of(
                "PATH", bin + ":" + System.getenv("PATH"),
                "FEATHERMAN_GATEWAY", url,
                "FEATHERMAN_TOKEN", TOKEN),
            null,
            "featherman",
            "query",
            "SELECT 6 * 7 AS answer");
    assertThat(plugin.exitCode()).as(plugin.stderr()).isZero();
    assertThat(plugin.stdout()).isEqualTo("answer\r\n42\r\n");
  }

  @Test
  void versionReportsTheClientAndTheGateway() {
    Command.Result version = cli(null, "version", "--kubeconfig", "/nonexistent");
    assertThat(version.stdout())
        .contains("client: 0.1.0-SNAPSHOT")
        .contains("gateway: 0.1.0-SNAPSHOT (" + url + ")");
  }
}
