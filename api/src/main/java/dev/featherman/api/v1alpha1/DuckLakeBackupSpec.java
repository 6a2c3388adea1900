package dev.featherman.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Which catalog to back up, and whether retention may delete the backup. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DuckLakeBackupSpec {
  @Required
  @Pattern(Patterns.DNS_SUBDOMAIN)
  @JsonPropertyDescription("The DuckLakeCatalog (same namespace) to back up.")
  private String catalogRef;

  @JsonPropertyDescription("Keep this backup regardless of the catalog's retention.")
  private Boolean pinned;

  @Pattern("^(manual|scheduled)$")
  @JsonPropertyDescription("Who asked for it: manual (kubectl) or scheduled (backupPolicy).")
  private String trigger;

  public String getCatalogRef() {
    return catalogRef;
  }

  public void setCatalogRef(String catalogRef) {
    this.catalogRef = catalogRef;
  }

  public Boolean getPinned() {
    return pinned;
  }

  public void setPinned(Boolean pinned) {
    this.pinned = pinned;
  }

  public String getTrigger() {
    return trigger;
  }

  public void setTrigger(String trigger) {
    this.trigger = trigger;
  }
}
