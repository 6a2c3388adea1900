package dev.featherman.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.cli.ExitCodes;
import dev.featherman.cli.Run;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryCommandTest {
  @Test
  void parametersAreJsonLiteralsOrElseText() {
    assertThat(QueryCommand.literal("42").isNumber()).isTrue();
    assertThat(QueryCommand.literal("true").isBoolean()).isTrue();
    assertThat(QueryCommand.literal("null").isNull()).isTrue();
    assertThat(QueryCommand.literal("\"42\"").asText()).isEqualTo("42");
    assertThat(QueryCommand.literal("O'Brien").asText()).isEqualTo("O'Brien");
    assertThat(QueryCommand.literal("[1]").asText()).isEqualTo("[1]");
  }

  @Test
  void anUnreachableGatewayExitsWithFourAndABadUrlWithTwo() {
    Run unreachable =
        Run.of(
            Map.of("FEATHERMAN_TOKEN", "t"),
            "",
            "query",
            "-g",
            "http://127.0.0.1:1",
            "-c",
            "x",
            "SELECT 1");
    assertThat(unreachable.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(unreachable.err()).contains("cannot reach the gateway at http://127.0.0.1:1/");
    Run badUrl = Run.of(Map.of(), "", "query", "-g", "localhost:8080", "SELECT 1");
    assertThat(badUrl.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badUrl.err()).contains("must start with http://");
    Run badFormat = Run.of(Map.of(), "", "query", "-f", "xlsx", "SELECT 1");
    assertThat(badFormat.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badFormat.err()).contains("unknown format 'xlsx'");
  }
}
