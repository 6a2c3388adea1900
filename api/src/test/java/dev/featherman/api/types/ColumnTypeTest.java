package dev.featherman.api.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The column type grammar: canonical rendering, aliases, nesting, widening, and rejection. */
class ColumnTypeTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "INTEGER|INTEGER",
        "int|INTEGER",
        "bigint|BIGINT",
        "DOUBLE PRECISION|DOUBLE",
        "text|VARCHAR",
        "VARCHAR(255)|VARCHAR",
        "decimal(18, 2)|DECIMAL(18,2)",
        "NUMERIC|DECIMAL(18,3)",
        "timestamp with time zone|TIMESTAMPTZ",
        "INTEGER[]|INTEGER[]",
        "VARCHAR[][]|VARCHAR[][]",
        "LIST(DOUBLE)|DOUBLE[]",
        "STRUCT(a INTEGER, b VARCHAR)|STRUCT(\"a\" INTEGER, \"b\" VARCHAR)",
        "STRUCT(\"order\" INT)|STRUCT(\"order\" INTEGER)",
        "MAP(VARCHAR, STRUCT(x DOUBLE)[])|MAP(VARCHAR, STRUCT(\"x\" DOUBLE)[])",
        "uuid|UUID",
        "BLOB|BLOB",
        "json|JSON"
      })
  void parsesToCanonicalSql(String input, String canonical) {
    assertThat(ColumnType.parse(input).sql()).isEqualTo(canonical);
    assertThat(ColumnType.parse(canonical)).isEqualTo(ColumnType.parse(input));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "INTEGR",
        "INTEGER); DROP TABLE users; --",
        "VARCHAR' || 'x",
        "DECIMAL(40,2)",
        "DECIMAL(10,11)",
        "STRUCT()",
        "STRUCT(a INTEGER, a VARCHAR)",
        "STRUCT(\"a b\" INTEGER)",
        "MAP(VARCHAR)",
        "INTEGER[",
        "HUGEINT",
        "INTEGER INTEGER",
        "STRUCT(a STRUCT(b STRUCT(c STRUCT(d STRUCT(e STRUCT(f STRUCT(g STRUCT(h STRUCT(i INT)))))))))"
      })
  void rejectsAnythingOutsideTheGrammar(String input) {
    assertThatThrownBy(() -> ColumnType.parse(input))
        .isInstanceOf(InvalidColumnTypeException.class)
        .hasMessageContaining("column type");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "INTEGER|BIGINT|true",
        "TINYINT|INTEGER|true",
        "UTINYINT|SMALLINT|true",
        "UINTEGER|BIGINT|true",
        "FLOAT|DOUBLE|true",
        "BIGINT|INTEGER|false",
        "INTEGER|DOUBLE|false",
        "VARCHAR|INTEGER|false",
        "UBIGINT|BIGINT|false",
        "DECIMAL(10,2)|DECIMAL(12,2)|false"
      })
  void wideningRules(String from, String to, boolean allowed) {
    assertThat(ColumnType.parse(from).canWidenTo(ColumnType.parse(to))).isEqualTo(allowed);
  }
}
