package dev.featherman.api.schema;

import dev.featherman.api.types.ColumnType;

/** One step that moves a live table's columns towards its spec. */
public sealed interface SchemaChange {

  /** A new column. */
  record AddColumn(String column, ColumnType type, boolean notNull, String comment)
      implements SchemaChange {}

  /** A column no longer in the spec. */
  record DropColumn(String column) implements SchemaChange {}

  /** A column whose spec names its former name in renamedFrom. */
  record RenameColumn(String from, String to) implements SchemaChange {}

  /** A lossless type promotion, e.g. INTEGER to BIGINT. */
  record WidenType(String column, ColumnType from, ColumnType to) implements SchemaChange {}

  /** NOT NULL added or removed. */
  record SetNotNull(String column, boolean notNull) implements SchemaChange {}

  /** Column comment changed (null removes it). */
  record SetColumnComment(String column, String comment) implements SchemaChange {}
}
