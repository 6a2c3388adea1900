package dev.featherman.api.v1alpha1;

import dev.featherman.api.ApiGroup;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A DuckLake catalog: metadata database plus a bucket of Parquet files. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("DuckLakeCatalog")
@Plural("ducklakecatalogs")
@Singular("ducklakecatalog")
@ShortNames("dlc")
@Categories("featherman")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Backend",
    jsonPath = ".spec.backend",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class DuckLakeCatalog extends CustomResource<DuckLakeCatalogSpec, DuckLakeCatalogStatus>
    implements Namespaced {}
