package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** How a table's data files are written. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TableFormat {
  @Default("ZSTD")
  @JsonPropertyDescription("Parquet codec of the table's data files; ZSTD when omitted.")
  private Compression compression = Compression.ZSTD;

  @Size(max = 8)
  @JsonPropertyDescription(
      "Partition keys: a column name, or year(col), month(col), day(col), hour(col). Applies to"
          + " data written after the change.")
  private List<String> partitioning = new ArrayList<>();

  public Compression getCompression() {
    return compression;
  }

  public void setCompression(Compression compression) {
    this.compression = compression;
  }

  public List<String> getPartitioning() {
    return partitioning;
  }

  public void setPartitioning(List<String> partitioning) {
    this.partitioning = partitioning == null ? new ArrayList<>() : partitioning;
  }
}
