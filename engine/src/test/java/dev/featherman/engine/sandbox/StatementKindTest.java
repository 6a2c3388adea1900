package dev.featherman.engine.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Statement kinds from the grammar's leading keywords. */
class StatementKindTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SELECT 1|READ",
        "  -- comment\\n select 1|READ",
        "/* c */ (SELECT 1) UNION (SELECT 2)|READ",
        "WITH x AS (SELECT 1) SELECT * FROM x|READ",
        "FROM trips|READ",
        "DESCRIBE trips|READ",
        "EXPLAIN SELECT 1|READ",
        "EXPLAIN ANALYZE DELETE FROM t|WRITE",
        "EXPLAIN ANALYZE COPY t TO 'x'|FORBIDDEN",
        "INSERT INTO t VALUES (1)|WRITE",
        "update t set a = 1|WRITE",
        "DELETE FROM t|WRITE",
        "CREATE TABLE t (i INT)|WRITE",
        "CREATE OR REPLACE VIEW v AS SELECT 1|WRITE",
        "DROP TABLE t|WRITE",
        "ALTER TABLE t ADD COLUMN c INT|WRITE",
        "COMMENT ON TABLE t IS 'x'|WRITE",
        "CREATE SECRET s (TYPE s3)|FORBIDDEN",
        "CREATE OR REPLACE SECRET s (TYPE s3)|FORBIDDEN",
        "CREATE TEMP TABLE t (i INT)|FORBIDDEN",
        "CREATE MACRO m() AS 1|FORBIDDEN",
        "DROP SECRET s|FORBIDDEN",
        "ATTACH 'x.db'|FORBIDDEN",
        "SET threads = 1|FORBIDDEN",
        "PRAGMA version|FORBIDDEN",
        "COPY t TO 'x'|FORBIDDEN",
        "UPDATE EXTENSIONS|FORBIDDEN",
        "CALL f()|FORBIDDEN",
        "USE memory|FORBIDDEN",
        "SELEC 1|UNRECOGNIZED",
        "\"SELECT\" 1|UNRECOGNIZED"
      })
  void classifies(String sql, StatementKind kind) {
    assertThat(StatementKind.of(sql.replace("\\n", "\n"))).isEqualTo(kind);
  }
}
