package dev.featherman.engine.ddl;

import dev.featherman.api.schema.SchemaChange;
import dev.featherman.api.schema.SchemaDiff;
import dev.featherman.api.types.PartitionKey;
import dev.featherman.api.v1alpha1.DuckLakeTableSpec;
import dev.featherman.engine.connect.LakeSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Plans the statements that make a live DuckLake table match its spec: CREATE when absent,
 * otherwise only the differences, so planning against an up-to-date table yields nothing (a second
 * reconcile changes nothing and commits no snapshot).
 */
public final class TablePlanner {
  private TablePlanner() {}

  /**
   * @throws InvalidTableSpecException when the spec itself is invalid
   * @throws UnsupportedSchemaChangeException when DuckLake cannot make a change; nothing is planned
   */
  public static TablePlan plan(LakeSession session, DuckLakeTableSpec spec) {
    TableDdl.validate(spec);
    String alias = session.alias();
    String table = spec.getName();
    TableInspector inspector = new TableInspector(session);
    if (!inspector.exists(table)) {
      List<String> create = new ArrayList<>(TableDdl.create(alias, spec));
      String compression = create.remove(create.size() - 1);
      return new TablePlan(List.copyOf(create), List.of(compression));
    }
    SchemaDiff diff = SchemaDiff.between(inspector.columns(table), spec.getColumns());
    if (!diff.isPossible()) {
      throw new UnsupportedSchemaChangeException(table, diff.problems());
    }
    List<String> statements = new ArrayList<>();
    for (SchemaChange change : diff.changes()) {
      statements.add(SchemaChangeSql.render(alias, table, change));
      if (change instanceof SchemaChange.AddColumn add && add.comment() != null) {
        statements.add(TableDdl.columnComment(alias, table, add.column(), add.comment()));
      }
    }
    if (!Objects.equals(
        blankToNull(spec.getComment()),
        inspector.comment(table).map(TablePlanner::blankToNull).orElse(null))) {
      statements.add(TableDdl.tableComment(alias, table, blankToNull(spec.getComment())));
    }
    List<PartitionKey> keys = TableDdl.partitionKeys(spec);
    List<String> wanted = keys.stream().map(TablePlanner::display).toList();
    if (!wanted.equals(
        inspector.partitioning(table).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList())) {
      statements.add(TableDdl.setPartitioning(alias, table, keys));
    }
    List<String> options = new ArrayList<>();
    String compression = TableDdl.compression(spec).name().toLowerCase(Locale.ROOT);
    if (!inspector.compression(table).map(c -> c.equalsIgnoreCase(compression)).orElse(false)) {
      options.add(TableDdl.setCompression(alias, table, TableDdl.compression(spec)));
    }
    return new TablePlan(List.copyOf(statements), List.copyOf(options));
  }

  /**
   * Runs the schema statements in one transaction, so a failure leaves the table as it was, then
   * the option statements. Returns every statement run.
   */
  public static List<String> apply(LakeSession session, DuckLakeTableSpec spec) {
    TablePlan plan = plan(session, spec);
    if (!plan.schemaStatements().isEmpty()) {
      session.execute("BEGIN TRANSACTION");
      try {
        plan.schemaStatements().forEach(session::execute);
        session.execute("COMMIT");
      } catch (RuntimeException e) {
        session.execute("ROLLBACK");
        throw e;
      }
    }
    plan.optionStatements().forEach(session::execute);
    return plan.all();
  }

  private static String display(PartitionKey key) {
    String column = key.column().toLowerCase(Locale.ROOT);
    if (key.transform() == null) {
      return column;
    }
    return key.buckets() == null
        ? key.transform() + "(" + column + ")"
        : "bucket(" + key.buckets() + ", " + column + ")";
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
