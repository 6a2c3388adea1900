package dev.featherman.api;

/** The API group and version every Featherman custom resource lives in. */
public final class ApiGroup {
  public static final String GROUP = "ducklake.featherman.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  private ApiGroup() {}
}
