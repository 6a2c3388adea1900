package dev.featherman.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

/** /v1/queries with ids and cancellation, and the published OpenAPI document. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VersionedApiIT extends GatewayTestBase {
  @org.springframework.beans.factory.annotation.Autowired
  org.springframework.context.ApplicationContext context;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    common(registry, newDataDirectory());
    registry.add("featherman.gateway.limits.timeout", () -> "30s");
  }

  HttpResponse<String> v1(String token, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/queries"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> cancel(String token, String id) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/queries/" + id))
                .header("Authorization", "Bearer " + token)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void generatedAndChosenIds() throws Exception {
    HttpResponse<String> r = v1(READER, "{\"sql\":\"SELECT 42\",\"catalog\":\"example\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Featherman-Query-Id"))
        .hasValueSatisfying(id -> assertThat(id).hasSize(36));
    HttpResponse<String> chosen =
        v1(READER, "{\"sql\":\"SELECT 42\",\"catalog\":\"example\",\"id\":\"report-7\"}");
    assertThat(chosen.headers().firstValue("X-Featherman-Query-Id")).hasValue("report-7");
    QueryApiIT.assertProblem(
        v1(READER, "{\"sql\":\"SELECT 1\",\"catalog\":\"example\",\"id\":\"../x\"}"),
        400,
        "field 'id'");
  }

  @Test
  void ownerCancelsARunningQuery() throws Exception {
    String slow =
        "{\"sql\":\"SELECT sum(a.range * b.range) FROM range(300000) a, range(300000) b\",\"catalog\":\"example\",\"id\":\"slow-1\"}";
    CompletableFuture<HttpResponse<String>> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return v1(READER, slow);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    waitForMetric("featherman_gateway_queries_active", 1.0);
    // While it runs, the same id cannot be used again.
    QueryApiIT.assertProblem(
        v1(READER, "{\"sql\":\"SELECT 1\",\"catalog\":\"example\",\"id\":\"slow-1\"}"),
        409,
        "already running");
    HttpResponse<String> cancelled = null;
    for (int i = 0; i < 200 && (cancelled == null || cancelled.statusCode() != 204); i++) {
      Thread.sleep(25);
      QueryApiIT.assertProblem(cancel(WRITER, "slow-1"), 404, "no running query");
      cancelled = cancel(READER, "slow-1");
    }
    assertThat(cancelled.statusCode()).isEqualTo(204);
    QueryApiIT.assertProblem(running.get(), 503, "cancelled");
    QueryApiIT.assertProblem(cancel(READER, "slow-1"), 404, "no running query");
  }

  @Test
  @SuppressWarnings("unchecked")
  void publishesOpenApi() throws Exception {
    HttpResponse<String> r = client().get("/v1/openapi.yaml");
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, Object> doc = new Yaml().load(r.body());
    assertThat(doc.get("openapi")).isEqualTo("3.0.3");
    Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
    assertThat(paths).containsKeys("/query", "/v1/queries", "/v1/queries/{id}");
    // Every endpoint the gateway maps is in the document.
    RequestMappingHandlerMapping mappings =
        context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    for (var info : mappings.getHandlerMethods().keySet()) {
      for (String pattern : info.getPatternValues()) {
        if (pattern.startsWith("/v1/") || pattern.equals("/query")) {
          assertThat(paths).as("openapi.yaml documents " + pattern).containsKey(pattern);
        }
      }
    }
    Map<String, Object> responses =
        (Map<String, Object>)
            ((Map<String, Object>) ((Map<String, Object>) paths.get("/query")).get("post"))
                .get("responses");
    assertThat(responses.keySet())
        .containsAll(List.of("200", "400", "401", "403", "404", "413", "429", "503", "504"));
  }
}
