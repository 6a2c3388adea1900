package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One DuckLake snapshot in a status' version history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VersionEntry {
  @JsonPropertyDescription("DuckLake snapshot id.")
  private Long id;

  @JsonPropertyDescription("When the snapshot was committed (RFC 3339).")
  private String timestamp;

  public VersionEntry() {}

  public VersionEntry(Long id, String timestamp) {
    this.id = id;
    this.timestamp = timestamp;
  }

  public Long getId() {
    return id;
  }

  public void setId(Long id) {
    this.id = id;
  }

  public String getTimestamp() {
    return timestamp;
  }

  public void setTimestamp(String timestamp) {
    this.timestamp = timestamp;
  }
}
