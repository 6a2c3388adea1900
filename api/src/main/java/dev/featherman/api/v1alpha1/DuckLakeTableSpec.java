package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Desired state of a DuckLake table: its columns, layout and optional materialization. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DuckLakeTableSpec {
  @Required
  @Size(min = 1, max = 253)
  @Pattern(Patterns.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Name of the DuckLakeCatalog (same namespace) holding this table.")
  private String catalogRef;

  @Required
  @Size(min = 1, max = 63)
  @Pattern(Patterns.IDENTIFIER)
  @JsonPropertyDescription("Table name inside the catalog.")
  private String name;

  @Required
  @Size(min = 1, max = 1000)
  @JsonPropertyDescription(
      "The table's columns, in order; changes become ALTER TABLE (add, drop, rename, widen).")
  private List<ColumnSpec> columns = new ArrayList<>();

  @JsonPropertyDescription("How DuckLake writes the table's Parquet files.")
  private TableFormat format;

  @Size(max = 512)
  @Pattern(Patterns.PREFIX)
  @JsonPropertyDescription(
      "Folder below the catalog's data path holding existing Parquet files: each time the table"
          + " is applied (created or changed), the files there it does not hold yet are"
          + " registered into it in one snapshot (DuckLake's ducklake_add_data_files checks"
          + " their columns). Not under main/, where DuckLake keeps its own tables' files.")
  private String location;

  @Min(0)
  @JsonPropertyDescription("Snapshots older than this many days may be expired by maintenance.")
  private Integer ttlDays;

  @Default("append")
  @JsonPropertyDescription(
      "append (the default) or overwrite (admitted with a warning: not applied yet).")
  private TableMode mode = TableMode.append;

  @Size(max = 1024)
  @JsonPropertyDescription("Table comment, stored in DuckLake.")
  private String comment;

  @JsonPropertyDescription("Kept for Go API compatibility; data lives in the catalog's bucket.")
  private ObjectStoreSpec objectStore;

  @JsonPropertyDescription("Export a SELECT over the lake to Parquet on a schedule or on request.")
  private MaterializeSpec materializeTo;

  @Default("Retain")
  @JsonPropertyDescription(
      "Retain (default) keeps the DuckLake table when this object is deleted; Delete drops it.")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  public String getCatalogRef() {
    return catalogRef;
  }

  public void setCatalogRef(String catalogRef) {
    this.catalogRef = catalogRef;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<ColumnSpec> getColumns() {
    return columns;
  }

  public void setColumns(List<ColumnSpec> columns) {
    this.columns = columns == null ? new ArrayList<>() : columns;
  }

  public TableFormat getFormat() {
    return format;
  }

  public void setFormat(TableFormat format) {
    this.format = format;
  }

  public String getLocation() {
    return location;
  }

  public void setLocation(String location) {
    this.location = location;
  }

  public Integer getTtlDays() {
    return ttlDays;
  }

  public void setTtlDays(Integer ttlDays) {
    this.ttlDays = ttlDays;
  }

  public TableMode getMode() {
    return mode;
  }

  public void setMode(TableMode mode) {
    this.mode = mode;
  }

  public String getComment() {
    return comment;
  }

  public void setComment(String comment) {
    this.comment = comment;
  }

  public ObjectStoreSpec getObjectStore() {
    return objectStore;
  }

  public void setObjectStore(ObjectStoreSpec objectStore) {
    this.objectStore = objectStore;
  }

  public MaterializeSpec getMaterializeTo() {
    return materializeTo;
  }

  public void setMaterializeTo(MaterializeSpec materializeTo) {
    this.materializeTo = materializeTo;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
