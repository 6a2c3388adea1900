package dev.featherman.api.validation;

import dev.featherman.api.schema.LiveColumn;
import dev.featherman.api.schema.SchemaDiff;
import dev.featherman.api.types.ColumnType;
import dev.featherman.api.types.PartitionKey;
import dev.featherman.api.v1alpha1.ColumnSpec;
import dev.featherman.api.v1alpha1.DeletionPolicy;
import dev.featherman.api.v1alpha1.DuckLakeTableSpec;
import dev.featherman.api.v1alpha1.MaterializeSpec;
import dev.featherman.api.v1alpha1.TableMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Rules for DuckLakeTable specs, shared by the webhook and the controller. */
public final class TableValidator {
  private TableValidator() {}

  /**
   * @param spec the new spec
   * @param old the current spec on update, or null on create
   */
  public static Validation validate(DuckLakeTableSpec spec, DuckLakeTableSpec old) {
    return validate(spec, old, false);
  }

  /**
   * What stops the table from being created or changed in DuckLake: every error, and partition keys
   * that name undeclared columns (admitted with a warning, but DDL cannot use them).
   */
  public static List<Validation.Finding> applyProblems(DuckLakeTableSpec spec) {
    return validate(spec, null, true).errors();
  }

  private static Validation validate(
      DuckLakeTableSpec spec, DuckLakeTableSpec old, boolean forDdl) {
    return SchemaRules.check(spec, "spec", rules(spec, old, forDdl));
  }

  private static Validation rules(DuckLakeTableSpec spec, DuckLakeTableSpec old, boolean forDdl) {
    Validation v = new Validation();
    if (spec == null) {
      return v.error("spec", "is required");
    }
    if (spec.getCatalogRef() == null
        || spec.getCatalogRef().length() > 253
        || !spec.getCatalogRef().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
      v.error(
          "spec.catalogRef",
          "'"
              + Texts.shortened(spec.getCatalogRef())
              + "' must name a DuckLakeCatalog in this namespace (at most 253 characters)");
    }
    Texts.checkPlain(spec.getComment(), "spec.comment", v);
    Identifiers.check(spec.getName(), "spec.name", v);
    Set<String> names = columns(spec.getColumns(), v);
    if (spec.getFormat() != null) {
      List<String> keys = spec.getFormat().getPartitioning();
      for (int i = 0; i < keys.size(); i++) {
        String field = "spec.format.partitioning[" + i + "]";
        try {
          PartitionKey key = PartitionKey.parse(keys.get(i));
          if (!names.contains(key.column().toLowerCase(Locale.ROOT))) {
            String message =
                "'"
                    + key.column()
                    + "' is not a column of this table: add it to spec.columns"
                    + " or remove it from spec.format.partitioning (until then the table cannot be created"
                    + " and reports InvalidSpec)";
            // A warning at admission: the Go README's own example partitions by a column it never
            // declares, and every README object must apply. DDL cannot use it, so there it is an
            // error.
            if (forDdl) {
              v.error(field, message);
            } else {
              v.warn(field, message);
            }
          }
        } catch (IllegalArgumentException e) {
          v.error(field, e.getMessage());
        }
      }
    }
    Prefixes.check(spec.getLocation(), "spec.location", v);
    if (spec.getLocation() != null
        && spec.getLocation().replaceAll("^/+", "").matches("(?i)main(/.*)?")) {
      v.error(
          "spec.location",
          "'"
              + spec.getLocation()
              + "' is where DuckLake keeps its own tables' files (main/<table>/): put the Parquet"
              + " files to register in another folder, e.g. imports/"
              + spec.getName());
    }
    materialization(spec.getMaterializeTo(), v);
    notAppliedYet(spec, v);
    if (spec.getDeletionPolicy() == DeletionPolicy.Delete) {
      v.warn(
          "spec.deletionPolicy", "Delete: deleting this DuckLakeTable drops the table in DuckLake");
    }
    if (old != null) {
      v.immutable("spec.name", old.getName(), spec.getName());
      v.immutable("spec.catalogRef", old.getCatalogRef(), spec.getCatalogRef());
      List<LiveColumn> before = liveColumns(old.getColumns());
      if (before != null && v.isValid()) {
        SchemaDiff diff = SchemaDiff.between(before, spec.getColumns());
        for (String problem : diff.problems()) {
          int colon = problem.indexOf(": ");
          v.error(problem.substring(0, colon), problem.substring(colon + 2));
        }
      }
    }
    return v;
  }

  private static Set<String> columns(List<ColumnSpec> columns, Validation v) {
    Set<String> names = new HashSet<>();
    if (columns == null || columns.isEmpty()) {
      v.error("spec.columns", "a table needs at least one column");
      return names;
    }
    for (int i = 0; i < columns.size(); i++) {
      ColumnSpec c = columns.get(i);
      String field = "spec.columns[" + i + "]";
      Identifiers.check(c.getName(), field + ".name", v);
      if (c.getName() != null && !names.add(c.getName().toLowerCase(Locale.ROOT))) {
        v.error(field + ".name", "column '" + c.getName() + "' is declared twice");
      }
      try {
        ColumnType.parse(c.getType());
      } catch (IllegalArgumentException e) {
        v.error(field + ".type", e.getMessage());
      }
      Texts.checkPlain(c.getComment(), field + ".comment", v);
      if (c.getRenamedFrom() != null) {
        Identifiers.check(c.getRenamedFrom(), field + ".renamedFrom", v);
      }
    }
    return names;
  }

  /** Warns about fields admitted for compatibility that change nothing yet, saying what to use. */
  private static void notAppliedYet(DuckLakeTableSpec spec, Validation v) {
    if (spec.getTtlDays() != null) {
      v.warn(
          "spec.ttlDays",
          "not applied yet: no data is removed by age; expire old snapshots with the catalog's"
              + " spec.maintenance, or DELETE old rows through the query API");
    }
    if (spec.getMode() == TableMode.overwrite) {
      v.warn(
          "spec.mode",
          "overwrite is not applied yet: appends add rows and materialization replaces its output"
              + " file either way");
    }
  }

  private static void materialization(MaterializeSpec m, Validation v) {
    if (m == null || Boolean.FALSE.equals(m.getEnabled())) {
      return;
    }
    if (m.getSql() == null || m.getSql().isBlank()) {
      v.error("spec.materializeTo.sql", "is required: the SELECT whose result is exported");
    }
    if (m.getDestination() == null) {
      v.error(
          "spec.materializeTo.destination",
          "is required: the bucket (and prefix) to write Parquet to");
    } else {
      BucketNames.check(m.getDestination().getBucket(), "spec.materializeTo.destination.bucket", v);
      Prefixes.check(m.getDestination().getPrefix(), "spec.materializeTo.destination.prefix", v);
    }
    if (m.getSchedule() != null) {
      Cron.problem(m.getSchedule()).ifPresent(p -> v.error("spec.materializeTo.schedule", p));
    }
    if (m.getFormat() != null
        && m.getFormat().getType() != null
        && !m.getFormat().getType().equals("parquet")) {
      v.error(
          "spec.materializeTo.format.type",
          "'" + m.getFormat().getType() + "' is not supported; use parquet");
    }
    if (m.getName() != null) {
      Identifiers.check(m.getName(), "spec.materializeTo.name", v);
    }
  }

  /**
   * The old spec's columns as live columns, or null when they do not parse (nothing to compare).
   */
  private static List<LiveColumn> liveColumns(List<ColumnSpec> columns) {
    List<LiveColumn> out = new ArrayList<>();
    try {
      for (ColumnSpec c : columns) {
        out.add(
            new LiveColumn(
                c.getName(), ColumnType.parse(c.getType()), c.notNull(), c.getComment()));
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return out;
  }
}
