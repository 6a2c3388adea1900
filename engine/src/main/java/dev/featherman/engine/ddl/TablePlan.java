package dev.featherman.engine.ddl;

import java.util.ArrayList;
import java.util.List;

/**
 * Statements that bring a table to its spec: schema changes that run in one transaction, then table
 * options, which DuckLake refuses to set inside the transaction that creates the table.
 */
public record TablePlan(List<String> schemaStatements, List<String> optionStatements) {
  /** True when the table already matches its spec. */
  public boolean isEmpty() {
    return schemaStatements.isEmpty() && optionStatements.isEmpty();
  }

  /** Every statement in execution order. */
  public List<String> all() {
    List<String> all = new ArrayList<>(schemaStatements);
    all.addAll(optionStatements);
    return all;
  }
}
