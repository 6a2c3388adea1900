package dev.featherman.engine.connect;

/**
 * Everything needed to attach one DuckLake catalog in a DuckDB session.
 *
 * @param alias name the catalog is attached as (queries say {@code alias.table})
 * @param store metadata database
 * @param dataPath DATA_PATH: {@code s3://bucket/prefix/} or a local directory ending in '/'
 * @param s3 bucket access, or null when the data path is local
 * @param encrypted ENCRYPTED (only honoured when the catalog is created)
 * @param dataInliningRowLimit DATA_INLINING_ROW_LIMIT, or null for DuckLake's default
 * @param readOnly attach READ_ONLY
 * @param snapshotVersion attach at this snapshot (time travel), or null for the latest
 */
public record LakeConfig(
    String alias,
    CatalogStore store,
    String dataPath,
    S3Access s3,
    boolean encrypted,
    Integer dataInliningRowLimit,
    boolean readOnly,
    Long snapshotVersion) {

  /** A writable catalog with default options. */
  public static LakeConfig of(String alias, CatalogStore store, String dataPath, S3Access s3) {
    return new LakeConfig(alias, store, dataPath, s3, false, null, false, null);
  }

  /** The same catalog attached read-only. */
  public LakeConfig asReadOnly() {
    return new LakeConfig(
        alias, store, dataPath, s3, encrypted, dataInliningRowLimit, true, snapshotVersion);
  }

  /** The same catalog attached at an earlier snapshot (read-only, as DuckLake requires). */
  public LakeConfig atSnapshot(long version) {
    return new LakeConfig(
        alias, store, dataPath, s3, encrypted, dataInliningRowLimit, true, version);
  }

  /** The same catalog with encryption and inlining options. */
  public LakeConfig withOptions(boolean encrypt, Integer inliningRowLimit) {
    return new LakeConfig(
        alias, store, dataPath, s3, encrypt, inliningRowLimit, readOnly, snapshotVersion);
  }
}
