package dev.featherman.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.gateway.auth.TokenAuthenticator;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What happens before a query's body is read: no token, no parsing; bodies over the cap are refused
 * whether their length is declared or they arrive chunked; a static token that names no catalog
 * reaches none.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestGuardIT extends GatewayTestBase {
  static final Path DATA = newDataDirectory();
  static final String NO_CATALOGS = "token-without-catalogs";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    common(registry, DATA);
    registry.add("featherman.gateway.embedded.demo-rows", () -> 100);
    registry.add("featherman.gateway.limits.max-body-bytes", () -> 64 * 1024);
    registry.add("featherman.gateway.tokens[3].name", () -> "nothing");
    registry.add(
        "featherman.gateway.tokens[3].sha256", () -> TokenAuthenticator.sha256Hex(NO_CATALOGS));
  }

  static String bigBody(int bytes) {
    return "{\"catalog\":\"example\",\"sql\":\"SELECT '" + "x".repeat(bytes) + "'\"}";
  }

  @Test
  void withoutATokenNothingIsParsed() throws Exception {
    HttpResponse<String> r = client().post(null, "{not even json");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.body()).contains("valid token");
    assertThat(client().post("wrong", bigBody(200_000)).statusCode()).isEqualTo(401);
  }

  @Test
  void aBodyOverTheCapIsRefused() throws Exception {
    HttpResponse<String> declared = client().post(READER, bigBody(100_000));
    assertThat(declared.statusCode()).as(declared.body()).isEqualTo(413);
    assertThat(declared.body()).contains("max-body-bytes");
    HttpResponse<String> chunked =
        client().postChunked(READER, bigBody(100_000).getBytes(StandardCharsets.UTF_8));
    assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
    assertThat(client().post(READER, bigBody(1000)).statusCode()).isEqualTo(200);
  }

  @Test
  void aStaticTokenWithoutCatalogsReachesNone() throws Exception {
    HttpResponse<String> r = client().query(NO_CATALOGS, "SELECT 1", "example", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
  }
}
