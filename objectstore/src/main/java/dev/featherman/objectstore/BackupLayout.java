package dev.featherman.objectstore;

import dev.featherman.api.v1alpha1.ObjectStoreSpec;

/**
 * Where backups live: {@code <prefix>/backups/<namespace>/<catalog>/<backup-id>/}, the manifest
 * last, as {@code manifest.json} in that folder.
 */
public final class BackupLayout {
  /** The manifest's file name; it is written after every other object of the backup. */
  public static final String MANIFEST = "manifest.json";

  private BackupLayout() {}

  /** The backup's folder (ends in '/'). */
  public static String folder(ObjectStoreSpec store, String namespace, String catalog, String id) {
    String prefix = store.getPrefix() == null ? "" : store.getPrefix().replaceAll("^/+|/+$", "");
    return (prefix.isEmpty() ? "" : prefix + "/")
        + "backups/"
        + namespace
        + "/"
        + catalog
        + "/"
        + id
        + "/";
  }

  /** The manifest key for a folder or a manifest key. */
  public static String manifestKey(String folderOrManifest) {
    if (folderOrManifest.endsWith("/" + MANIFEST) || folderOrManifest.equals(MANIFEST)) {
      return folderOrManifest;
    }
    return (folderOrManifest.endsWith("/") ? folderOrManifest : folderOrManifest + "/") + MANIFEST;
  }

  /** The folder of a manifest key (ends in '/'). */
  public static String folderOf(String manifestKey) {
    return manifestKey.substring(0, manifestKey.length() - MANIFEST.length());
  }
}
