package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One column of a DuckLake table. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ColumnSpec {
  @Required
  @Size(min = 1, max = 63)
  @Pattern(Patterns.IDENTIFIER)
  @JsonPropertyDescription("Column name; a new name here with renamedFrom renames the column.")
  private String name;

  @Required
  @Size(min = 1, max = 512)
  @Pattern(Patterns.COLUMN_TYPE)
  @JsonPropertyDescription(
      "DuckDB type: INTEGER, BIGINT, DOUBLE, BOOLEAN, VARCHAR, DATE, TIMESTAMP, DECIMAL(p,s),"
          + " TIMESTAMPTZ, UUID, BLOB, lists such as INTEGER[], STRUCT(a INTEGER, b VARCHAR),"
          + " MAP(VARCHAR, INTEGER) and the other DuckDB scalar types.")
  private String type;

  @Default("false")
  @JsonPropertyDescription("Allow NULL values. False (the default) makes the column NOT NULL.")
  private Boolean nullable = false;

  @Size(max = 1024)
  @JsonPropertyDescription("Column comment, stored in DuckLake.")
  private String comment;

  @Size(max = 63)
  @Pattern(Patterns.IDENTIFIER)
  @JsonPropertyDescription(
      "Former name of this column. Set it to rename the existing column instead of dropping it"
          + " and adding a new one.")
  private String renamedFrom;

  public ColumnSpec() {}

  public ColumnSpec(String name, String type) {
    this.name = name;
    this.type = type;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public Boolean getNullable() {
    return nullable;
  }

  public void setNullable(Boolean nullable) {
    this.nullable = nullable;
  }

  public String getComment() {
    return comment;
  }

  public void setComment(String comment) {
    this.comment = comment;
  }

  public String getRenamedFrom() {
    return renamedFrom;
  }

  public void setRenamedFrom(String renamedFrom) {
    this.renamedFrom = renamedFrom;
  }

  /** True unless the column was declared nullable. */
  public boolean notNull() {
    return !Boolean.TRUE.equals(nullable);
  }
}
