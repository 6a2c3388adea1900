package dev.featherman.api;

/** Finalizer names; each guards the clean-up its owner performs before an object goes away. */
public final class Finalizers {
  /** Held by the controller on catalogs: honours deletionPolicy before the catalog disappears. */
  public static final String CATALOG = ApiGroup.GROUP + "/catalog-protection";

  /** Held by the controller on tables: drops the DuckLake table when deletionPolicy is Delete. */
  public static final String TABLE = ApiGroup.GROUP + "/table-protection";

  private Finalizers() {}
}
