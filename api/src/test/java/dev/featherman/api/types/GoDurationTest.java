package dev.featherman.api.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Go duration strings as the Go API and README use them. */
class GoDurationTest {
  @Test
  void parsesGoForms() {
    assertThat(GoDuration.parse("300s")).isEqualTo(Duration.ofSeconds(300));
    assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void rejectsOtherText() {
    assertThatThrownBy(() -> GoDuration.parse("5 minutes"))
        .hasMessageContaining("'5 minutes' is not a duration");
    assertThatThrownBy(() -> GoDuration.parse("300")).hasMessageContaining("unit");
    assertThatThrownBy(() -> GoDuration.parse("")).hasMessageContaining("empty");
  }
}
