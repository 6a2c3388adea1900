package dev.featherman.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarningCollectorTest {
  @Test
  void theTextOfAnRfc7234WarningIsKept() {
    assertThat(
            WarningCollector.text(
                "299 - \"spec.format.partitioning: \\\"created_at\\\" is not a column\""))
        .isEqualTo("spec.format.partitioning: \"created_at\" is not a column");
    assertThat(WarningCollector.text("something else")).isEqualTo("something else");
  }
}
