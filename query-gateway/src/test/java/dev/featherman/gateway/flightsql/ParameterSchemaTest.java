package dev.featherman.gateway.flightsql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

/** DuckDB's placeholder types as the Arrow types a binding client converts to. */
class ParameterSchemaTest {
  @Test
  void plainTypesMapAndEverythingElseIsAString() {
    assertThat(ParameterSchema.arrowType("INTEGER")).isEqualTo(new ArrowType.Int(32, true));
    assertThat(ParameterSchema.arrowType("BIGINT")).isEqualTo(new ArrowType.Int(64, true));
    assertThat(ParameterSchema.arrowType("decimal(10, 2)"))
        .isEqualTo(new ArrowType.Decimal(10, 2, 128));
    assertThat(ParameterSchema.arrowType("DATE")).isInstanceOf(ArrowType.Date.class);
    assertThat(ParameterSchema.arrowType("TIMESTAMP WITH TIME ZONE"))
        .isEqualTo(
            new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MILLISECOND, "UTC"));
    for (String untyped : new String[] {"INVALID", "INTEGER[]", "HUGEINT", "", null}) {
      assertThat(ParameterSchema.arrowType(untyped)).isEqualTo(ArrowType.Utf8.INSTANCE);
    }
    assertThat(ParameterSchema.of(List.of("VARCHAR", "BOOLEAN")).getFields())
        .extracting(f -> f.getName())
        .containsExactly("$1", "$2");
  }

  @Test
  void onlyTextWithAQuestionMarkOrDollarIsAsked() {
    assertThat(ParameterSchema.mayHavePlaceholders("SELECT 1")).isFalse();
    assertThat(ParameterSchema.mayHavePlaceholders("SELECT ?")).isTrue();
    assertThat(ParameterSchema.mayHavePlaceholders("SELECT $1")).isTrue();
  }
}
