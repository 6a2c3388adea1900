package dev.featherman.bench;

import dev.featherman.gateway.GatewayApplication;
import dev.featherman.gateway.auth.TokenAuthenticator;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The real gateway, started in this JVM on a free port, plus an HTTP client. */
final class BenchGateway implements AutoCloseable {
  static final String TOKEN = "bench-token";

  private final ConfigurableApplicationContext context;
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI uri;
  private final String catalog;

  /** Embedded mode with the demo lake {@code example}. */
  BenchGateway(Path dataDirectory, long demoRows) {
    this(
        "example",
        "--featherman.gateway.embedded.data-directory=" + dataDirectory,
        "--featherman.gateway.embedded.demo-rows=" + demoRows);
  }

  /** A gateway serving {@code catalog}, configured by {@code extraArgs}. */
  BenchGateway(String catalog, String... extraArgs) {
    this.catalog = catalog;
    List<String> args = new ArrayList<>(List.of(extraArgs));
    // Command-line arguments, because they outrank the gateway's own application.yaml.
    args.addAll(
        List.of(
            "--server.port=0",
            "--featherman.gateway.flight-sql.host=127.0.0.1",
            "--featherman.gateway.flight-sql.port=0",
            "--logging.level.root=WARN",
            "--featherman.gateway.tokens[0].name=bench",
            "--featherman.gateway.tokens[0].sha256=" + TokenAuthenticator.sha256Hex(TOKEN),
            "--featherman.gateway.tokens[0].catalogs[0]=*",
            "--featherman.gateway.tokens[0].write=true",
            "--featherman.gateway.limits.max-rows=0",
            "--featherman.gateway.limits.max-bytes=0",
            "--featherman.gateway.limits.timeout=600s",
            "--featherman.gateway.limits.max-concurrent=16",
            "--featherman.gateway.limits.max-queued=256"));
    context =
        new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
    uri =
        URI.create(
            "http://127.0.0.1:"
                + context.getEnvironment().getProperty("local.server.port")
                + "/query");
  }

  /** Appends {@code body} to {@code table}; returns the gateway's answer (fails unless 201). */
  String appendRows(String table, String contentType, byte[] body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                uri.resolve("/v1/catalogs/" + catalog + "/tables/" + table + "/rows"))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "gateway answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** Sends one query and reads the whole body, returning its size in bytes. */
  long query(String sql, String format) throws Exception {
    String body =
        "{\"sql\":\""
            + sql.replace("\"", "\\\"")
            + "\",\"catalog\":\""
            + catalog
            + "\",\"format\":\""
            + format
            + "\"}";
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    long bytes = 0;
    try (InputStream in = response.body()) {
      byte[] buffer = new byte[1 << 16];
      for (int r; (r = in.read(buffer)) >= 0; ) {
        bytes += r;
      }
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException("gateway answered " + response.statusCode() + " to " + sql);
    }
    return bytes;
  }

  /**
   * Runs one query over Flight SQL (Arrow's own Java client) and reads every batch, returning the
   * rows; the Arrow bytes received are added to {@code bytes}.
   */
  long flightQuery(String sql, long[] bytes) throws Exception {
    return withFlightSql(
        (client, auth) -> {
          org.apache.arrow.flight.FlightInfo info = client.execute(sql, auth);
          long rows = 0;
          for (org.apache.arrow.flight.FlightEndpoint endpoint : info.getEndpoints()) {
            try (org.apache.arrow.flight.FlightStream stream =
                client.getStream(endpoint.getTicket(), auth)) {
              while (stream.next()) {
                rows += stream.getRoot().getRowCount();
                for (var vector : stream.getRoot().getFieldVectors()) {
                  bytes[0] += vector.getBufferSize();
                }
              }
            }
          }
          return rows;
        });
  }

  /**
   * Times {@code count} Flight SQL metadata calls of one kind ({@code catalogs}, {@code tables}
   * with their schemas, or {@code sqlinfo}) after {@code warmups}, on one connection, each read to
   * its end.
   */
  Samples flightMetadata(String kind, int warmups, int count) throws Exception {
    return withFlightSql(
        (client, auth) ->
            Samples.timed(
                warmups,
                count,
                () -> {
                  org.apache.arrow.flight.FlightInfo info =
                      switch (kind) {
                        case "catalogs" -> client.getCatalogs(auth);
                        case "tables" -> client.getTables(catalog, "main", "%", null, true, auth);
                        case "sqlinfo" -> client.getSqlInfo(new int[0], auth);
                        default -> throw new IllegalArgumentException(kind);
                      };
                  for (org.apache.arrow.flight.FlightEndpoint endpoint : info.getEndpoints()) {
                    try (org.apache.arrow.flight.FlightStream stream =
                        client.getStream(endpoint.getTicket(), auth)) {
                      while (stream.next()) {
                        // read to the end
                      }
                    }
                  }
                }));
  }

  /** Work done on one Flight SQL connection with the bench token. */
  interface FlightWork<T> {
    T run(
        org.apache.arrow.flight.sql.FlightSqlClient client, org.apache.arrow.flight.CallOption auth)
        throws Exception;
  }

  private <T> T withFlightSql(FlightWork<T> work) throws Exception {
    int port = context.getBean(dev.featherman.gateway.flightsql.FlightSqlEndpoint.class).port();
    try (org.apache.arrow.memory.BufferAllocator allocator =
            new org.apache.arrow.memory.RootAllocator();
        org.apache.arrow.flight.FlightClient flight =
            org.apache.arrow.flight.FlightClient.builder(
                    allocator, org.apache.arrow.flight.Location.forGrpcInsecure("127.0.0.1", port))
                .build();
        org.apache.arrow.flight.sql.FlightSqlClient client =
            new org.apache.arrow.flight.sql.FlightSqlClient(flight)) {
      org.apache.arrow.flight.CallOption auth =
          new org.apache.arrow.flight.HeaderCallOption(bearer());
      return work.run(client, auth);
    }
  }

  /** Times {@code count} GETs of a REST path (e.g. a discovery endpoint) after {@code warmups}. */
  Samples restGet(String path, int warmups, int count) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri.resolve(path))
            .header("Authorization", "Bearer " + TOKEN)
            .GET()
            .build();
    return Samples.timed(
        warmups,
        count,
        () -> {
          HttpResponse<byte[]> response =
              http.send(request, HttpResponse.BodyHandlers.ofByteArray());
          if (response.statusCode() != 200) {
            throw new IllegalStateException(
                "gateway answered " + response.statusCode() + " to " + path);
          }
        });
  }

  private static org.apache.arrow.flight.CallHeaders bearer() {
    org.apache.arrow.flight.CallHeaders headers = new org.apache.arrow.flight.FlightCallHeaders();
    headers.insert("authorization", "Bearer " + TOKEN);
    return headers;
  }

  /** The running application (for its meters). */
  ConfigurableApplicationContext context() {
    return context;
  }

  @Override
  public void close() {
    context.close();
  }
}
