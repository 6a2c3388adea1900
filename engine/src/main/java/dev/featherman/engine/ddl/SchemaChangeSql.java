package dev.featherman.engine.ddl;

import dev.featherman.api.schema.SchemaChange;
import dev.featherman.engine.Sql;

/** Renders one {@link SchemaChange} as a DuckLake ALTER (or COMMENT) statement. */
public final class SchemaChangeSql {
  private SchemaChangeSql() {}

  public static String render(String alias, String table, SchemaChange change) {
    String t = "ALTER TABLE " + TableDdl.tableName(alias, table);
    if (change instanceof SchemaChange.AddColumn add) {
      return t + " ADD COLUMN " + Sql.identifier(add.column()) + " " + add.type().sql();
    } else if (change instanceof SchemaChange.DropColumn drop) {
      return t + " DROP COLUMN " + Sql.identifier(drop.column());
    } else if (change instanceof SchemaChange.RenameColumn rename) {
      return t
          + " RENAME COLUMN "
          + Sql.identifier(rename.from())
          + " TO "
          + Sql.identifier(rename.to());
    } else if (change instanceof SchemaChange.WidenType widen) {
      return t
          + " ALTER COLUMN "
          + Sql.identifier(widen.column())
          + " SET TYPE "
          + widen.to().sql();
    } else if (change instanceof SchemaChange.SetNotNull nn) {
      return t
          + " ALTER COLUMN "
          + Sql.identifier(nn.column())
          + (nn.notNull() ? " SET NOT NULL" : " DROP NOT NULL");
    } else if (change instanceof SchemaChange.SetColumnComment comment) {
      return TableDdl.columnComment(alias, table, comment.column(), comment.comment());
    }
    throw new IllegalArgumentException("unknown schema change " + change);
  }
}
