package dev.featherman.api.schema;

import dev.featherman.api.types.ColumnType;
import dev.featherman.api.types.InvalidColumnTypeException;
import dev.featherman.api.v1alpha1.ColumnSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The changes that turn a table's current columns into its desired ones, or the reasons DuckLake
 * cannot make them. Shared by the webhook (reject at apply time) and the controller (plan ALTERs).
 *
 * <p>Columns match by name, case-insensitively as DuckDB does. A desired column whose {@code
 * renamedFrom} names a current column (and whose own name is not current) is a rename; other
 * unmatched names are drops and adds. Type changes must be lossless widenings, and added columns
 * must be nullable (DuckLake cannot add a column with a constraint).
 */
public record SchemaDiff(List<SchemaChange> changes, List<String> problems) {

  /** True when the table already matches. */
  public boolean isEmpty() {
    return changes.isEmpty() && problems.isEmpty();
  }

  /** True when DuckLake can apply every change. */
  public boolean isPossible() {
    return problems.isEmpty();
  }

  /** Compares the live columns with the desired spec columns. */
  public static SchemaDiff between(List<LiveColumn> current, List<ColumnSpec> desired) {
    List<SchemaChange> changes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, LiveColumn> byName = new LinkedHashMap<>();
    current.forEach(c -> byName.put(key(c.name()), c));

    Set<String> claimed = new HashSet<>();
    Set<String> desiredNames = new HashSet<>();
    for (int i = 0; i < desired.size(); i++) {
      ColumnSpec spec = desired.get(i);
      String field = "spec.columns[" + i + "]";
      if (!desiredNames.add(key(spec.getName()))) {
        problems.add(field + ".name: column '" + spec.getName() + "' is declared twice");
        continue;
      }
      ColumnType type;
      try {
        type = ColumnType.parse(spec.getType());
      } catch (InvalidColumnTypeException e) {
        problems.add(field + ".type: " + e.getMessage());
        continue;
      }
      LiveColumn live = byName.get(key(spec.getName()));
      String liveName = spec.getName();
      if (live == null
          && spec.getRenamedFrom() != null
          && byName.containsKey(key(spec.getRenamedFrom()))) {
        live = byName.get(key(spec.getRenamedFrom()));
        if (desired.stream().anyMatch(d -> key(d.getName()).equals(key(spec.getRenamedFrom())))) {
          problems.add(
              field
                  + ".renamedFrom: '"
                  + spec.getRenamedFrom()
                  + "' is still declared as a column; remove it or drop renamedFrom");
          continue;
        }
        changes.add(new SchemaChange.RenameColumn(live.name(), spec.getName()));
      }
      if (live == null && spec.notNull()) {
        problems.add(
            field
                + ".nullable: new column '"
                + spec.getName()
                + "' must be nullable:"
                + " DuckLake cannot add a NOT NULL column to an existing table; set nullable: true");
        continue;
      }
      if (live == null) {
        changes.add(
            new SchemaChange.AddColumn(spec.getName(), type, spec.notNull(), spec.getComment()));
        continue;
      }
      claimed.add(key(live.name()));
      compareExisting(field, liveName, live, spec, type, changes, problems);
    }
    for (LiveColumn live : current) {
      if (!claimed.contains(key(live.name()))) {
        changes.add(new SchemaChange.DropColumn(live.name()));
      }
    }
    if (desired.isEmpty()) {
      problems.add("spec.columns: a table needs at least one column");
    }
    // Drops first so that a dropped name can be re-added in the same plan.
    changes.sort(
        (a, b) ->
            Boolean.compare(
                !(a instanceof SchemaChange.DropColumn), !(b instanceof SchemaChange.DropColumn)));
    return new SchemaDiff(List.copyOf(changes), List.copyOf(problems));
  }

  private static void compareExisting(
      String field,
      String name,
      LiveColumn live,
      ColumnSpec spec,
      ColumnType type,
      List<SchemaChange> changes,
      List<String> problems) {
    if (!live.type().equals(type)) {
      if (live.type().canWidenTo(type)) {
        changes.add(new SchemaChange.WidenType(name, live.type(), type));
      } else {
        problems.add(
            field
                + ".type: cannot change column '"
                + name
                + "' from "
                + live.type().sql()
                + " to "
                + type.sql()
                + "; DuckLake only widens types losslessly (e.g. INTEGER to BIGINT,"
                + " FLOAT to DOUBLE). Add a new column instead and drop the old one.");
      }
    }
    if (live.notNull() != spec.notNull()) {
      changes.add(new SchemaChange.SetNotNull(name, spec.notNull()));
    }
    if (!Objects.equals(blankToNull(live.comment()), blankToNull(spec.getComment()))) {
      changes.add(new SchemaChange.SetColumnComment(name, blankToNull(spec.getComment())));
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String key(String name) {
    return name == null ? "" : name.toLowerCase(Locale.ROOT);
  }
}
