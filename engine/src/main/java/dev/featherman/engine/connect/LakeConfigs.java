package dev.featherman.engine.connect;

import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.v1alpha1.DuckLakeOptions;
import dev.featherman.api.v1alpha1.PostgresCatalogSpec;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Translates a DuckLakeCatalog spec plus resolved secrets into a {@link LakeConfig}. */
public final class LakeConfigs {
  private LakeConfigs() {}

  /**
   * @param alias name to attach the catalog as
   * @param spec the catalog spec
   * @param secrets values of the Secrets the spec references
   * @param catalogFile where the duckdb/sqlite catalog file is in this process (the volume may be
   *     mounted elsewhere than spec.catalogPath, e.g. in tests); null means spec.catalogPath
   */
  public static LakeConfig fromSpec(
      String alias, DuckLakeCatalogSpec spec, CatalogSecrets secrets, Path catalogFile) {
    if (spec.getObjectStore() == null) {
      throw new IllegalArgumentException(
          "spec.objectStore is required: name the bucket that holds the data files");
    }
    String kms = spec.getEncryption() == null ? null : spec.getEncryption().getKmsKeyId();
    S3Access s3 = S3Access.of(spec.getObjectStore(), secrets.s3(), kms);
    String dataPath =
        DataPaths.s3(spec.getObjectStore().getBucket(), spec.getObjectStore().getPrefix());
    Path file = catalogFile != null ? catalogFile : Paths.get(spec.getCatalogPath());
    CatalogBackend backend = spec.getBackend() == null ? CatalogBackend.duckdb : spec.getBackend();
    CatalogStore store =
        switch (backend) {
          case duckdb -> new CatalogStore.DuckDbFile(file);
          case sqlite -> new CatalogStore.SqliteFile(file);
          case postgres -> postgres(spec.getPostgres(), secrets);
        };
    DuckLakeOptions options = spec.getDucklake();
    boolean encrypted = options != null && Boolean.TRUE.equals(options.getEncrypted());
    Integer inlining = options == null ? null : options.getDataInliningRowLimit();
    return LakeConfig.of(alias, store, dataPath, s3).withOptions(encrypted, inlining);
  }

  private static CatalogStore postgres(PostgresCatalogSpec pg, CatalogSecrets secrets) {
    if (pg == null) {
      throw new IllegalArgumentException("spec.postgres is required when spec.backend is postgres");
    }
    if (secrets.postgresUser() == null || secrets.postgresPassword() == null) {
      throw new IllegalArgumentException(
          "spec.postgres.credentialsSecret must provide a user name and password");
    }
    int port = pg.getPort() == null ? 5432 : pg.getPort();
    return new CatalogStore.Postgres(
        pg.getHost(),
        port,
        pg.getDatabase(),
        pg.getSchema(),
        secrets.postgresUser(),
        secrets.postgresPassword(),
        pg.getSslMode());
  }
}
