package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** DuckLake options fixed when the catalog is created. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DuckLakeOptions {
  @JsonPropertyDescription(
      "Encrypt every Parquet file with its own key, stored in the catalog (ENCRYPTED). Catalog"
          + " backups then contain key material.")
  private Boolean encrypted;

  @Min(0)
  @Max(1000000)
  @JsonPropertyDescription(
      "Inserts of at most this many rows are kept in the catalog database instead of a new"
          + " Parquet file (DATA_INLINING_ROW_LIMIT); 0 disables inlining.")
  private Integer dataInliningRowLimit;

  public Boolean getEncrypted() {
    return encrypted;
  }

  public void setEncrypted(Boolean encrypted) {
    this.encrypted = encrypted;
  }

  public Integer getDataInliningRowLimit() {
    return dataInliningRowLimit;
  }

  public void setDataInliningRowLimit(Integer dataInliningRowLimit) {
    this.dataInliningRowLimit = dataInliningRowLimit;
  }
}
