package dev.featherman.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One slot, one queue place: the third concurrent query gets 429, a queued one 503 after maxWait.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdmissionIT extends GatewayTestBase {
  static final String SLOW = "SELECT sum(a.range * b.range) FROM range(300000) a, range(300000) b";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    common(registry, newDataDirectory());
    registry.add("featherman.gateway.limits.max-concurrent", () -> 1);
    registry.add("featherman.gateway.limits.max-queued", () -> 1);
    registry.add("featherman.gateway.limits.max-wait", () -> "1s");
    registry.add("featherman.gateway.limits.max-per-principal", () -> 3);
    registry.add("featherman.gateway.limits.timeout", () -> "4s");
  }

  @Test
  void queueFullIs429AndNoCapacityIs503() throws Exception {
    GatewayClient c = client();
    CompletableFuture<HttpResponse<String>> running =
        CompletableFuture.supplyAsync(() -> send(c, SLOW));
    waitForMetric("featherman_gateway_queries_active", 1.0);
    CompletableFuture<HttpResponse<String>> queued =
        CompletableFuture.supplyAsync(() -> send(c, "SELECT 1"));
    waitForMetric("featherman_gateway_queries_queued", 1.0);
    HttpResponse<String> rejected = c.query(READER, "SELECT 1", "example", null);
    QueryApiIT.assertProblem(rejected, 429, "too many queries are waiting");
    QueryApiIT.assertProblem(queued.get(), 503, "no capacity");
    QueryApiIT.assertProblem(running.get(), 504, "timeout");
    assertThat(c.query(READER, "SELECT 1", "example", null).statusCode()).isEqualTo(200);
  }

  @Test
  void clientThatDisconnectsFreesItsSlot() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String body =
        "{\"sql\":\"SELECT * FROM range(100000000)\",\"catalog\":\"example\",\"format\":\"csv\"}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/query"))
            .header("Authorization", "Bearer " + WRITER)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<InputStream> streaming =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(streaming.statusCode()).isEqualTo(200);
    try (InputStream in = streaming.body()) {
      assertThat(in.readNBytes(2_000_000)).hasSize(2_000_000);
    }
    // The only slot frees once the server notices the closed connection and stops the query.
    waitForMetric("featherman_gateway_queries_active", 0.0);
    assertThat(client().query(READER, "SELECT 1", "example", null).statusCode()).isEqualTo(200);
  }

  HttpResponse<String> send(GatewayClient c, String sql) {
    try {
      return c.query(READER, sql, "example", null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
