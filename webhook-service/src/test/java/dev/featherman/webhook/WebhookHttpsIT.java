package dev.featherman.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.testkit.TestingTls;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The webhook over real HTTPS: reviews, bad input, cross-object checks, certificate rotation,
 * metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookHttpsIT {
  static final TestingTls TLS;
  static final KubernetesMockServer API = new KubernetesMockServer(false);

  static {
    try {
      TLS = TestingTls.create(Files.createTempDirectory("featherman-webhook-tls-"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    API.init();
    DuckLakeCatalog single = new DuckLakeCatalog();
    single.setMetadata(new ObjectMetaBuilder().withName("single").withNamespace("lakes").build());
    DuckLakeCatalogSpec spec = new DuckLakeCatalogSpec();
    spec.setBackend(CatalogBackend.duckdb);
    single.setSpec(spec);
    API.expect()
        .get()
        .withPath("/apis/ducklake.featherman.dev/v1alpha1/namespaces/lakes/ducklakecatalogs/single")
        .andReturn(200, single)
        .always();
    System.setProperty("kubernetes.master", API.url("/"));
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    System.setProperty("kubernetes.auth.tryServiceAccount", "false");
  }

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.ssl.bundle.pem.webhook.keystore.certificate",
        () -> "file:" + TLS.directory().resolve("tls.crt"));
    registry.add(
        "spring.ssl.bundle.pem.webhook.keystore.private-key",
        () -> "file:" + TLS.directory().resolve("tls.key"));
    registry.add("spring.ssl.bundle.watch.file.quiet-period", () -> "200ms");
    registry.add("management.server.port", () -> 0);
    registry.add("featherman.webhook.max-body-bytes", () -> MAX_BODY);
  }

  /** A cap low enough to test quickly, far above any review these tests send otherwise. */
  static final int MAX_BODY = 256 * 1024;

  @AfterAll
  static void stop() {
    API.destroy();
    System.clearProperty("kubernetes.master");
  }

  HttpResponse<String> post(String path, String body, String contentType) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(TLS.sslContext())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    return client.send(
        HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readmeObjectsOverHttps() throws Exception {
    for (String fixture :
        List.of(
            "readme-catalog-DuckLakeCatalog",
            "readme-table-DuckLakeTable",
            "readme-pool-DuckLakePool")) {
      ObjectNode object = Reviews.fixture(fixture);
      HttpResponse<String> mutated =
          post("/mutate", Reviews.review("CREATE", object, null), "application/json");
      assertThat(mutated.statusCode()).isEqualTo(200);
      JsonNode m = Reviews.response(mutated.body());
      assertThat(m.get("allowed").asBoolean()).isTrue();
      assertThat(m.get("patchType").asText()).isEqualTo("JSONPatch");
      ObjectNode defaulted = Reviews.apply(object, Reviews.patch(m));
      JsonNode v =
          Reviews.response(
              post("/validate", Reviews.review("CREATE", defaulted, null), "application/json")
                  .body());
      assertThat(v.get("allowed").asBoolean()).as(fixture + ": " + v).isTrue();
    }
  }

  @Test
  void theReadmePoolOnADuckDbFileCatalogReadsWithManyWorkersAndAWritingOneIsRefused()
      throws Exception {
    ObjectNode pool = Reviews.fixture("readme-pool-DuckLakePool");
    ((ObjectNode) pool.at("/spec/catalogRef")).put("name", "single");
    JsonNode readers =
        Reviews.response(
            post("/validate", Reviews.review("CREATE", pool, null), "application/json").body());
    assertThat(readers.get("allowed").asBoolean()).as(readers.toString()).isTrue();

    ((ObjectNode) pool.at("/spec/catalogRef")).put("readOnly", false);
    JsonNode writers =
        Reviews.response(
            post("/validate", Reviews.review("CREATE", pool, null), "application/json").body());
    assertThat(writers.get("allowed").asBoolean()).isFalse();
    assertThat(writers.at("/status/message").asText())
        .contains("spec.maxSize: catalog 'single' keeps its metadata in a DuckDB file")
        .contains("catalogRef.readOnly: true");
  }

  @Test
  void badInputIsNeverAServerError() throws Exception {
    for (String body :
        List.of(
            "",
            "not json",
            "{}",
            "[]",
            "null",
            "{\"request\":{}}",
            "{\"request\":{\"uid\":\"x\"}}",
            "{\"request\":{\"uid\":\"x\",\"kind\":{\"group\":\"ducklake.featherman.dev\",\"kind\":\"DuckLakeTable\"},\"operation\":\"CREATE\",\"object\":42}}",
            "\u0000\u0001binary",
            "{\"request\":" + "[".repeat(5000))) {
      for (String path : List.of("/validate", "/mutate")) {
        HttpResponse<String> r = post(path, body, "application/json");
        assertThat(r.statusCode())
            .as(path + " " + body.substring(0, Math.min(40, body.length())))
            .isLessThan(500);
      }
    }
    assertThat(post("/validate", "x", "text/plain").statusCode()).isLessThan(500);
    {
      ObjectNode pod =
          Reviews.yaml("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n");
      HttpResponse<String> r =
          post("/validate", Reviews.review("CREATE", pod, null), "application/json");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Reviews.response(r.body()).get("allowed").asBoolean()).isFalse();
    }
  }

  @Test
  void aBodyOverTheCapIsRefusedWith413NamingTheSetting() throws Exception {
    ObjectNode table = Reviews.fixture("readme-table-DuckLakeTable");
    ((ObjectNode) table.at("/spec")).put("comment", "x".repeat(MAX_BODY));
    String review = Reviews.review("CREATE", table, null);
    HttpResponse<String> declared = post("/validate", review, "application/json");
    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(declared.body()).contains("featherman.webhook.max-body-bytes");
    // Without a declared length (chunked), reading stops one byte past the cap.
    HttpClient client = HttpClient.newBuilder().sslContext(TLS.sslContext()).build();
    HttpResponse<String> chunked =
        client.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/mutate"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () ->
                            new java.io.ByteArrayInputStream(
                                review.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(chunked.body()).contains("more than " + MAX_BODY + " bytes");
    // Just under the cap is read and answered.
    ((ObjectNode) table.at("/spec")).put("comment", "short");
    assertThat(
            post("/validate", Reviews.review("CREATE", table, null), "application/json")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void rotatedCertificateIsServedWithoutRestart() throws Exception {
    BigInteger before = servedSerial();
    assertThat(before).isEqualTo(TLS.serial());
    TLS.rotate();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!servedSerial().equals(TLS.serial()) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(servedSerial()).isEqualTo(TLS.serial()).isNotEqualTo(before);
    assertThat(
            post(
                    "/validate",
                    Reviews.review("CREATE", Reviews.fixture("readme-table-DuckLakeTable"), null),
                    "application/json")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void admissionsAreCountedByKindOperationAndResult() throws Exception {
    post(
        "/validate",
        Reviews.review("CREATE", Reviews.fixture("readme-table-DuckLakeTable"), null),
        "application/json");
    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .contains(
            "featherman_webhook_admissions_total{kind=\"DuckLakeTable\",operation=\"CREATE\",result=\"allowed\",webhook=\"validate\"}");
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://localhost:" + managementPort + "/actuator/health/readiness"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.body()).contains("UP");
  }

  /** Serial of the certificate the server presents right now. */
  BigInteger servedSerial() throws Exception {
    X509Certificate[] seen = new X509Certificate[1];
    TrustManager recorder =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {
            seen[0] = chain[0];
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {recorder}, null);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.startHandshake();
    }
    return seen[0].getSerialNumber();
  }
}
