package dev.featherman.api.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Partition keys: accepted forms render quoted SQL, anything else is rejected. */
class PartitionKeyTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "created_at|\"created_at\"",
        "year(ts)|year(\"ts\")",
        " Month ( ts ) |month(\"ts\")",
        "bucket(8, id)|bucket(8, \"id\")"
      })
  void rendersQuoted(String input, String sql) {
    assertThat(PartitionKey.parse(input).sql()).isEqualTo(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a b",
        "year(ts); DROP TABLE t",
        "week(ts)",
        "bucket(1, id)",
        "bucket(id)",
        "year(8, ts)",
        "\"x\""
      })
  void rejects(String input) {
    assertThatThrownBy(() -> PartitionKey.parse(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partition");
  }
}
