package dev.featherman.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.gateway.auth.TokenAuthenticator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Static tokens from a file (as a mounted Secret provides it), without the embedded owner token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TokensFileIT extends GatewayTestBase {
  static final Path DATA = newDataDirectory();
  static final Path TOKENS = DATA.resolve("tokens.yaml");

  static {
    try {
      Files.writeString(
          TOKENS,
          """
          featherman:
            gateway:
              tokens:
                - name: dashboards
                  sha256: %s
                  catalogs: [example]
                  write: false
          """
              .formatted(TokenAuthenticator.sha256Hex("from-secret")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    System.setProperty("FEATHERMAN_TOKENS_FILE", TOKENS.toString());
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("featherman.gateway.embedded.data-directory", DATA::toString);
    registry.add("featherman.gateway.embedded.demo-rows", () -> 10);
    registry.add("featherman.gateway.embedded.owner-token", () -> false);
  }

  @AfterAll
  static void clear() {
    System.clearProperty("FEATHERMAN_TOKENS_FILE");
  }

  @Test
  void tokensComeFromTheFile() throws Exception {
    assertThat(client().query("from-secret", "SELECT 1", "example", null).statusCode())
        .isEqualTo(200);
    QueryApiIT.assertProblem(
        client().query("from-secret", "DELETE FROM trips", "example", null), 403, "may only read");
    assertThat(Files.exists(DATA.resolve("token"))).as("no owner token when disabled").isFalse();
  }
}
