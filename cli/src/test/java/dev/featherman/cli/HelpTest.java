package dev.featherman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelpTest {
  static final List<String> COMMANDS =
      List.of("query", "status", "init", "deploy", "backup", "restore", "materialize", "version");

  @Test
  void everyCommandExplainsItselfAndTheExitCodesAreListed() {
    Run top = Run.of("--help");
    assertThat(top.exitCode()).isZero();
    assertThat(top.out()).contains("Exit codes:").contains("3   --wait timed out");
    for (String command : COMMANDS) {
      assertThat(top.out()).contains("  " + command + " ");
      Run help = Run.of(command, "--help");
      assertThat(help.exitCode()).as(command).isZero();
      assertThat(help.out()).as(command).startsWith("Usage: featherman " + command);
    }
  }

  @Test
  void aWrongCommandLineExitsWithTwoAndSaysWhy() {
    Run none = Run.of();
    assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(none.err()).contains("Missing command");
    Run unknown = Run.of("stauts");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("stauts");
    Run badDuration = Run.of("status", "--watch", "--timeout", "soon");
    assertThat(badDuration.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badDuration.err()).contains("'soon' is not a duration");
    Run badFormat = Run.of("status", "-o", "xml");
    assertThat(badFormat.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badFormat.err()).contains("xml");
  }

  @Test
  void versionWithoutAGatewayOrClusterPrintsTheClient() {
    Run version = Run.of("version", "--client");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("client: ");
  }
}
