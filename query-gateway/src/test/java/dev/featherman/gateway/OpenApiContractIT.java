package dev.featherman.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.testkit.Command;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway keeps the promises of its OpenAPI document: Schemathesis (every check: no 5xx,
 * documented status codes and content types, response schemas, schema-valid requests accepted and
 * invalid ones refused, Allow on 405, auth enforced, stateful sequences) against the live embedded
 * gateway with a write token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiContractIT extends GatewayTestBase {
  static final Path DATA = newDataDirectory();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    common(registry, DATA);
  }

  @Test
  void everyResponseMatchesTheDocumentAndNoneIsAServerError() throws Exception {
    Path config = Path.of(getClass().getResource("schemathesis.toml").toURI()).toAbsolutePath();
    Command.Result run =
        Command.schemathesis(
            "--config-file",
            config.toString(),
            "run",
            "http://127.0.0.1:" + port + "/v1/openapi.yaml",
            "--header",
            "Authorization: Bearer " + WRITER,
            "--checks",
            "all",
            "--max-examples",
            "25",
            "--seed",
            "20261206",
            "--no-color");
    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
    assertThat(run.stdout()).contains("Selected: 9/9");
  }
}
