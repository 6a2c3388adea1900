package dev.featherman.engine.ddl;

import dev.featherman.engine.EngineException;
import java.util.List;

/** A spec change DuckLake cannot apply; the table is left untouched. */
public class UnsupportedSchemaChangeException extends EngineException {
  private final List<String> problems;

  public UnsupportedSchemaChangeException(String table, List<String> problems) {
    super("table '" + table + "' was left unchanged: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
