package dev.featherman.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.worker.WorkerEnv;
import dev.featherman.engine.TestingLakes;
import dev.featherman.worker.serve.WorkerServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long-running worker's internal API against a real catalog: auth, streaming, sandbox, state,
 * drain.
 */
class WorkerServerIT {
  static final String TOKEN = "worker-secret";
  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  Map<String, String> env() throws Exception {
    var spec = TestingLakes.spec(CatalogBackend.duckdb, "worker-serve");
    Map<String, String> env = new HashMap<>();
    env.put(WorkerEnv.CATALOG, "lake");
    env.put(WorkerEnv.CATALOG_SPEC, WorkerConfig.JSON.writeValueAsString(spec));
    env.put(WorkerEnv.CATALOG_FILE, dir.resolve("catalog.ducklake").toString());
    env.put(WorkerEnv.S3_ACCESS_KEY_ID, TestingLakes.s3().accessKey());
    env.put(WorkerEnv.S3_SECRET_ACCESS_KEY, TestingLakes.s3().secretKey());
    env.put(WorkerEnv.WORKER_TOKEN, TOKEN);
    env.put(WorkerEnv.WORKER_PORT, "0");
    return env;
  }

  HttpResponse<String> call(WorkerServer s, String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> inspect(WorkerServer s, String inspection, String subject) throws Exception {
    return call(
        s,
        "POST",
        "/v1/execute",
        TOKEN,
        WorkerConfig.JSON.writeValueAsString(
            Map.of("sql", subject, "format", "json", "inspect", inspection)));
  }

  /** Sends only the headers of a POST declaring {@code length} body bytes; the status line back. */
  static String statusLineForDeclaredBody(WorkerServer server, int length) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      String head =
          "POST /v1/execute HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + TOKEN
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + length
              + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  /** A query of a few seconds, sent in the background. */
  CompletableFuture<HttpResponse<String>> slowQuery(WorkerServer server, long timeoutMillis) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return call(
                server,
                "POST",
                "/v1/execute",
                TOKEN,
                "{\"sql\":\"SELECT sum(a.range * b.range) FROM range(100000) a, range(12000) b\","
                    + "\"timeoutMillis\":"
                    + timeoutMillis
                    + "}");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void servesQueriesUnderTheSandboxAndReportsItsState() throws Exception {
    try (WorkerServer server = WorkerServer.start(env())) {
      assertThat(call(server, "GET", "/healthz", null, null).statusCode()).isEqualTo(200);
      assertThat(
              call(server, "POST", "/v1/execute", "wrong", "{\"sql\":\"SELECT 1\"}").statusCode())
          .isEqualTo(401);
      assertThat(call(server, "GET", "/v1/state", null, null).statusCode()).isEqualTo(401);
      assertThat(statusLineForDeclaredBody(server, 5 << 20))
          .as("a body declared over 4 MiB is refused before it is read")
          .contains(" 413 ");

      HttpResponse<String> created =
          call(
              server,
              "POST",
              "/v1/execute",
              TOKEN,
              "{\"sql\":\"CREATE TABLE t AS SELECT range AS id FROM range(1000)\",\"write\":true}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      HttpResponse<String> sum =
          call(
              server,
              "POST",
              "/v1/execute",
              TOKEN,
              "{\"sql\":\"SELECT sum(id) AS s FROM t\",\"format\":\"json\"}");
      assertThat(sum.statusCode()).isEqualTo(200);
      assertThat(sum.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
      assertThat(sum.body()).isEqualTo("{\"s\":499500}\n");

      assertThat(
              call(server, "POST", "/v1/execute", TOKEN, "{\"sql\":\"DROP TABLE t\"}").statusCode())
          .as("read-only unless write is granted")
          .isEqualTo(403);
      assertThat(
              call(
                      server,
                      "POST",
                      "/v1/execute",
                      TOKEN,
                      "{\"sql\":\"SELECT * FROM read_csv('/etc/passwd')\"}")
                  .statusCode())
          .isEqualTo(403);
      assertThat(
              call(server, "POST", "/v1/execute", TOKEN, "{\"sql\":\"SELECT 1; SELECT 2\"}")
                  .statusCode())
          .isEqualTo(400);

      // Inspections: questions the lake's catalog answers, the subject only ever a value.
      assertThat(
              call(
                      server,
                      "POST",
                      "/v1/execute",
                      TOKEN,
                      "{\"sql\":\"ALTER TABLE t SET PARTITIONED BY (id)\",\"write\":true}")
                  .statusCode())
          .isEqualTo(200);
      assertThat(inspect(server, "PARTITIONING", "t").body())
          .isEqualTo("{\"key_index\":0,\"column_name\":\"id\",\"transform\":\"identity\"}\n");
      assertThat(inspect(server, "PARTITIONING", "t' OR 1=1 --").body()).isEmpty();
      assertThat(inspect(server, "PARAMETER_TYPES", "SELECT * FROM t WHERE id = ?").body())
          .isEqualTo("{\"parameter_index\":1,\"parameter_type\":\"BIGINT\"}\n");
      assertThat(inspect(server, "PARAMETER_TYPES", "SELECT * FROM read_csv(?)").statusCode())
          .as("a query inspected is judged like a query run")
          .isEqualTo(403);
      assertThat(inspect(server, "PARAMETER_TYPES", "DROP TABLE t").statusCode()).isEqualTo(403);

      CompletableFuture<HttpResponse<String>> slow = slowQuery(server, 20_000);
      long deadline = System.currentTimeMillis() + 10_000;
      String state = "";
      while (!state.contains("\"Busy\"") && System.currentTimeMillis() < deadline) {
        state = call(server, "GET", "/v1/state", TOKEN, null).body();
        Thread.sleep(20);
      }
      assertThat(state).contains("\"state\":\"Busy\"");
      assertThat(call(server, "POST", "/v1/execute", TOKEN, "{\"sql\":\"SELECT 1\"}").statusCode())
          .as("exclusive use: a second query goes elsewhere")
          .isEqualTo(429);
      assertThat(slow.get().statusCode()).isEqualTo(200);

      for (int i = 0; i < 300; i++) {
        assertThat(
                call(server, "POST", "/v1/execute", TOKEN, "{\"sql\":\"SELECT 42\"}").statusCode())
            .as("query %d sent the moment the previous response was read finds the worker free", i)
            .isEqualTo(200);
      }

      assertThat(call(server, "POST", "/v1/drain", TOKEN, null).statusCode()).isEqualTo(202);
      assertThat(call(server, "POST", "/v1/execute", TOKEN, "{\"sql\":\"SELECT 1\"}").statusCode())
          .isEqualTo(503);
      String drained = call(server, "GET", "/v1/state", TOKEN, null).body();
      assertThat(drained).contains("\"state\":\"Draining\"").contains("\"catalog\":\"lake\"");
      assertThat(WorkerConfig.JSON.readTree(drained).get("queriesServed").asLong())
          .isGreaterThanOrEqualTo(6);
    }
  }

  @Test
  void aTerminatingWorkerLetsItsRunningQueryFinishAndTakesNoNewOne() throws Exception {
    WorkerServer server = WorkerServer.start(env());
    CompletableFuture<HttpResponse<String>> running = slowQuery(server, 30_000);
    long deadline = System.currentTimeMillis() + 10_000;
    while (server.active() == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.active()).as("the long query runs").isEqualTo(1);
    // SIGTERM's shutdown hook calls this.
    CompletableFuture<Boolean> stopped =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return server.shutDown(Duration.ofSeconds(60));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(200);
    assertThat(call(server, "POST", "/v1/execute", TOKEN, "{\"sql\":\"SELECT 1\"}").statusCode())
        .as("new queries go elsewhere")
        .isEqualTo(503);
    assertThat(stopped).isNotDone();
    HttpResponse<String> result = running.get(60, TimeUnit.SECONDS);
    assertThat(result.statusCode()).isEqualTo(200);
    assertThat(result.body()).contains("sum");
    assertThat(stopped.get(10, TimeUnit.SECONDS)).as("finished within the grace").isTrue();
  }
}
