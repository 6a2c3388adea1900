package dev.featherman.gateway;

import dev.featherman.gateway.auth.TokenAuthenticator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Shared set-up: an embedded gateway on a random port over a fresh data directory with a small demo
 * dataset, plus three static tokens (reader, writer, and one for another catalog).
 */
abstract class GatewayTestBase {
  static final String READER = "reader-token";
  static final String WRITER = "writer-token";
  static final String OTHER = "other-catalog-token";
  static final long DEMO_ROWS = 20_000;

  @LocalServerPort int port;

  static Path newDataDirectory() {
    try {
      return Files.createTempDirectory("featherman-gateway-");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void common(DynamicPropertyRegistry registry, Path data) {
    registry.add("featherman.gateway.embedded.data-directory", data::toString);
    registry.add("featherman.gateway.embedded.demo-rows", () -> DEMO_ROWS);
    token(registry, 0, "reader", READER, "example", false);
    token(registry, 1, "writer", WRITER, "example", true);
    token(registry, 2, "other", OTHER, "sales", true);
  }

  static void token(
      DynamicPropertyRegistry r, int i, String name, String token, String catalog, boolean write) {
    String p = "featherman.gateway.tokens[" + i + "].";
    r.add(p + "name", () -> name);
    r.add(p + "sha256", () -> TokenAuthenticator.sha256Hex(token));
    r.add(p + "catalogs[0]", () -> catalog);
    r.add(p + "write", () -> write);
  }

  GatewayClient client() {
    return new GatewayClient(port);
  }

  /** Polls /actuator/prometheus until the gauge {@code name} shows {@code value}. */
  void waitForMetric(String name, double value) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      String metrics = client().get("/actuator/prometheus").body();
      for (String line : metrics.split("\n")) {
        if (line.startsWith(name + " ")
            && Double.parseDouble(line.substring(name.length() + 1)) == value) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError(name + " never reached " + value);
  }
}
