package dev.featherman.engine.sandbox;

/**
 * A user statement the sandbox has classified: what will run ({@link #sql()}, which for EXPLAIN is
 * rebuilt around the query DuckDB parsed) and, for reads, what it names.
 */
public record SandboxedStatement(StatementKind kind, String sql, QueryReferences references) {
  static SandboxedStatement read(String sql, QueryReferences references) {
    return new SandboxedStatement(StatementKind.READ, sql, references);
  }

  static SandboxedStatement write(String sql) {
    return new SandboxedStatement(StatementKind.WRITE, sql, null);
  }

  /** Whether this only reads (and so runs in a read-only transaction). */
  public boolean isRead() {
    return kind == StatementKind.READ;
  }
}
