package dev.featherman.engine;

import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.CredentialsSecretRef;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.v1alpha1.ObjectStoreSpec;
import dev.featherman.api.v1alpha1.PostgresCatalogSpec;
import dev.featherman.api.v1alpha1.PostgresCredentialsRef;
import dev.featherman.engine.connect.CatalogSecrets;
import dev.featherman.engine.connect.LakeConfig;
import dev.featherman.engine.connect.LakeConfigs;
import dev.featherman.engine.connect.S3Credentials;
import dev.featherman.testkit.TestingPostgres;
import dev.featherman.testkit.TestingS3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** Catalog specs and sessions for tests: each backend, data in the JVM's S3 server. */
public final class TestingLakes {
  private static TestingS3Server s3;
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private TestingLakes() {}

  /** The JVM-wide S3 server. */
  public static synchronized TestingS3Server s3() throws Exception {
    if (s3 == null) {
      s3 = TestingS3Server.start(Files.createTempDirectory("featherman-s3-"));
    }
    return s3;
  }

  /** A real AWS SDK client for the test S3 server. */
  public static S3Client s3Client() throws Exception {
    return S3Client.builder()
        .endpointOverride(java.net.URI.create(s3().endpointUrl()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(s3().accessKey(), s3().secretKey())))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .build();
  }

  /**
   * A catalog spec of the given backend with a fresh bucket prefix; PostgreSQL catalogs get their
   * own database and metadata schema.
   */
  public static DuckLakeCatalogSpec spec(CatalogBackend backend, String bucket) throws Exception {
    s3().createBucket(bucket);
    int n = SEQUENCE.incrementAndGet();
    DuckLakeCatalogSpec spec = new DuckLakeCatalogSpec();
    spec.setBackend(backend);
    ObjectStoreSpec store = new ObjectStoreSpec();
    store.setEndpoint("http://" + s3().hostAndPort());
    store.setBucket(bucket);
    store.setPrefix("lakes/" + backend + "-" + n);
    CredentialsSecretRef secret = new CredentialsSecretRef();
    secret.setName("s3-credentials");
    store.setCredentialsSecret(secret);
    spec.setObjectStore(store);
    if (backend == CatalogBackend.postgres) {
      TestingPostgres pg = TestingPostgres.shared();
      String database = "lake_" + n;
      pg.createDatabase(database);
      PostgresCatalogSpec postgres = new PostgresCatalogSpec();
      postgres.setHost(pg.host());
      postgres.setPort(pg.port());
      postgres.setDatabase(database);
      PostgresCredentialsRef ref = new PostgresCredentialsRef();
      ref.setName("pg-credentials");
      postgres.setCredentialsSecret(ref);
      spec.setPostgres(postgres);
    }
    return spec;
  }

  /** The secrets a controller would have read for {@link #spec}. */
  public static CatalogSecrets secrets() throws Exception {
    return new CatalogSecrets(
        new S3Credentials(s3().accessKey(), s3().secretKey(), null),
        TestingPostgres.USER,
        TestingPostgres.PASSWORD);
  }

  /** Config for a spec, with the catalog file (for file backends) under {@code dir}. */
  public static LakeConfig config(String alias, DuckLakeCatalogSpec spec, Path dir)
      throws Exception {
    String file =
        spec.getBackend() == CatalogBackend.sqlite ? "catalog.sqlite" : "catalog.ducklake";
    return LakeConfigs.fromSpec(alias, spec, secrets(), dir.resolve(file));
  }
}
