package dev.featherman.workloads;

import dev.featherman.api.v1alpha1.CredentialsSecretRef;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.PostgresCredentialsRef;
import dev.featherman.api.worker.WorkerEnv;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;

/**
 * The environment that tells a worker which catalog to attach. Secret values only ever travel as
 * secretKeyRef, never in the pod spec or the catalog spec JSON.
 */
public final class WorkerEnvironment {
  private WorkerEnvironment() {}

  public static List<EnvVar> forCatalog(DuckLakeCatalog catalog) {
    List<EnvVar> env = new ArrayList<>();
    env.add(plain(WorkerEnv.CATALOG, catalog.getMetadata().getName()));
    env.add(plain(WorkerEnv.CATALOG_SPEC, Serialization.asJson(catalog.getSpec())));
    if (CatalogStorage.usesVolume(catalog)) {
      env.add(plain(WorkerEnv.CATALOG_FILE, catalog.getSpec().getCatalogPath()));
    }
    CredentialsSecretRef s3 =
        catalog.getSpec().getObjectStore() == null
            ? null
            : catalog.getSpec().getObjectStore().getCredentialsSecret();
    if (s3 != null) {
      env.add(secret(WorkerEnv.S3_ACCESS_KEY_ID, s3.getName(), s3.getAccessKeyField(), false));
      env.add(secret(WorkerEnv.S3_SECRET_ACCESS_KEY, s3.getName(), s3.getSecretKeyField(), false));
      if (s3.getSessionTokenField() != null) {
        env.add(secret(WorkerEnv.S3_SESSION_TOKEN, s3.getName(), s3.getSessionTokenField(), false));
      }
    }
    if (catalog.getSpec().getPostgres() != null
        && catalog.getSpec().getPostgres().getCredentialsSecret() != null) {
      PostgresCredentialsRef pg = catalog.getSpec().getPostgres().getCredentialsSecret();
      env.add(secret(WorkerEnv.PG_USER, pg.getName(), pg.getUsernameKey(), false));
      env.add(secret(WorkerEnv.PG_PASSWORD, pg.getName(), pg.getPasswordKey(), false));
    }
    return env;
  }

  static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar secret(String name, String secret, String key, boolean optional) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef(key, secret, optional)
        .endValueFrom()
        .build();
  }
}
