package dev.featherman.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.v1alpha1.ObjectStoreSpec;
import org.junit.jupiter.api.Test;

/** The schema's field rules, read from the model's annotations, in the Java validators too. */
class SchemaRulesTest {
  static DuckLakeCatalogSpec catalog() {
    DuckLakeCatalogSpec spec = new DuckLakeCatalogSpec();
    ObjectStoreSpec store = new ObjectStoreSpec();
    store.setBucket("lake-data");
    spec.setObjectStore(store);
    return spec;
  }

  @Test
  void lengthsPatternsAndRequiredFieldsComeFromTheAnnotations() {
    DuckLakeCatalogSpec spec = catalog();
    spec.getObjectStore().setRegion("x".repeat(65));
    spec.getObjectStore().setEndpoint(" ");
    Validation v = CatalogValidator.validate(spec, null);
    assertThat(v.errorMessage())
        .contains("spec.objectStore.region: must be at most 64 characters long (has 65)")
        .contains("spec.objectStore.endpoint: ' ' does not match");
  }

  @Test
  void aFieldWithAHandWrittenErrorKeepsThatMessageOnly() {
    DuckLakeCatalogSpec spec = catalog();
    spec.getObjectStore().setBucket("B");
    Validation v = CatalogValidator.validate(spec, null);
    assertThat(v.errors()).filteredOn(f -> f.field().equals("spec.objectStore.bucket")).hasSize(1);
  }

  @Test
  void aValidSpecBreaksNoRule() {
    assertThat(SchemaRules.check(catalog(), "spec", new Validation()).isValid()).isTrue();
  }
}
