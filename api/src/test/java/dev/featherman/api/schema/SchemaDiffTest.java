package dev.featherman.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.types.ColumnType;
import dev.featherman.api.v1alpha1.ColumnSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Planning column changes from live columns to a spec. */
class SchemaDiffTest {
  static LiveColumn live(String name, String type, boolean notNull) {
    return new LiveColumn(name, ColumnType.parse(type), notNull, null);
  }

  static ColumnSpec col(String name, String type, boolean nullable) {
    ColumnSpec c = new ColumnSpec(name, type);
    c.setNullable(nullable);
    return c;
  }

  @Test
  void identicalIsEmpty() {
    var diff =
        SchemaDiff.between(List.of(live("id", "INTEGER", true)), List.of(col("id", "int", false)));
    assertThat(diff.isEmpty()).isTrue();
  }

  @Test
  void addDropWidenRenameAndNullability() {
    ColumnSpec renamed = col("full_name", "VARCHAR", true);
    renamed.setRenamedFrom("name");
    var diff =
        SchemaDiff.between(
            List.of(
                live("id", "INTEGER", true),
                live("name", "VARCHAR", false),
                live("old", "DATE", false)),
            List.of(col("id", "BIGINT", false), renamed, col("email", "VARCHAR", true)));
    assertThat(diff.problems()).isEmpty();
    assertThat(diff.changes())
        .containsExactly(
            new SchemaChange.DropColumn("old"),
            new SchemaChange.WidenType(
                "id", ColumnType.parse("INTEGER"), ColumnType.parse("BIGINT")),
            new SchemaChange.RenameColumn("name", "full_name"),
            new SchemaChange.AddColumn("email", ColumnType.parse("VARCHAR"), false, null));
  }

  @Test
  void renameIsIdempotentOnceApplied() {
    ColumnSpec renamed = col("full_name", "VARCHAR", true);
    renamed.setRenamedFrom("name");
    var diff = SchemaDiff.between(List.of(live("full_name", "VARCHAR", false)), List.of(renamed));
    assertThat(diff.isEmpty()).isTrue();
  }

  @Test
  void impossibleChangesNameTheFieldAndWhatToDo() {
    var diff =
        SchemaDiff.between(
            List.of(live("id", "BIGINT", true), live("name", "VARCHAR", false)),
            List.of(
                col("id", "INTEGER", false),
                col("name", "INTEGER", true),
                col("x", "INTEGER", false)));
    assertThat(diff.isPossible()).isFalse();
    assertThat(diff.problems()).hasSize(3);
    assertThat(diff.problems().get(0))
        .startsWith("spec.columns[0].type: cannot change column 'id' from BIGINT to INTEGER");
    assertThat(diff.problems().get(1))
        .startsWith("spec.columns[1].type: cannot change column 'name' from VARCHAR to INTEGER");
    assertThat(diff.problems().get(2))
        .startsWith("spec.columns[2].nullable: new column 'x' must be nullable");
  }
}
