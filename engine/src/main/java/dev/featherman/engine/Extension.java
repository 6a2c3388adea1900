package dev.featherman.engine;

/** DuckDB extensions that are not built into the JDBC driver and that Featherman loads. */
public enum Extension {
  DUCKLAKE("ducklake"),
  HTTPFS("httpfs"),
  POSTGRES_SCANNER("postgres_scanner"),
  SQLITE_SCANNER("sqlite_scanner");

  private final String duckdbName;

  Extension(String duckdbName) {
    this.duckdbName = duckdbName;
  }

  /** The name DuckDB uses in LOAD and in the extension file name. */
  public String duckdbName() {
    return duckdbName;
  }
}
