package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The catalog a pool's workers attach. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PoolCatalogRef {
  @Required
  @Pattern(Patterns.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Name of the DuckLakeCatalog in the pool's namespace.")
  private String name;

  @JsonPropertyDescription("Attach the catalog read-only in every worker.")
  private Boolean readOnly;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getReadOnly() {
    return readOnly;
  }

  public void setReadOnly(Boolean readOnly) {
    this.readOnly = readOnly;
  }
}
