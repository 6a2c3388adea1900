package dev.featherman.engine.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the cluster-mode gateway may retry: only what DuckDB's parser calls one query. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadDetectorIT {
  ReadDetector reads;

  @BeforeAll
  void open() {
    reads = new ReadDetector();
  }

  @AfterAll
  void close() {
    reads.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT 1",
        "FROM trips",
        "WITH x AS (SELECT 1) SELECT * FROM x",
        "DESCRIBE trips",
        "SELECT 'a;b' -- c",
        "EXPLAIN SELECT 1"
      })
  void readsAreReads(String sql) {
    assertThat(reads.isRead(sql)).as(sql).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSERT INTO t VALUES (1)",
        "EXPLAIN ANALYZE DELETE FROM t",
        "EXPLAIN ANALYSE SELECT 1",
        "EXPLAIN (ANALYZE) DELETE FROM t",
        "SELECT 1 --x\r; DELETE FROM t",
        "SELECT $€$;$€$; DELETE FROM t",
        "SELECT 1; SELECT 2",
        "WITH x AS (SELECT 1) DELETE FROM t",
        "SELEC 1"
      })
  void everythingElseCountsAsAWrite(String sql) {
    assertThat(reads.isRead(sql)).as(sql).isFalse();
  }
}
