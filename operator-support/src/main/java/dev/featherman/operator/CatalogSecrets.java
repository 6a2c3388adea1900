package dev.featherman.operator;

import dev.featherman.api.Labels;
import dev.featherman.api.v1alpha1.CredentialsSecretRef;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.objectstore.S3Keys;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads values out of the Secrets a catalog refers to; never logs or returns them elsewhere. */
public final class CatalogSecrets {
  private CatalogSecrets() {}

  /** The catalog's S3 keys (all null without a credentialsSecret: the default chain). */
  public static S3Keys s3Keys(KubernetesClient client, DuckLakeCatalog catalog) {
    CredentialsSecretRef ref = catalog.getSpec().getObjectStore().getCredentialsSecret();
    if (ref == null) {
      return S3Keys.defaultChain();
    }
    Secret secret =
        client
            .secrets()
            .inNamespace(catalog.getMetadata().getNamespace())
            .withName(ref.getName())
            .get();
    if (secret != null && !allowedForCatalogs(secret)) {
      throw new IllegalStateException(
          "Secret '"
              + ref.getName()
              + "' is not labelled "
              + Labels.CREDENTIALS
              + "=true, so catalogs may not use it");
    }
    return new S3Keys(
        value(secret, ref.getAccessKeyField()),
        value(secret, ref.getSecretKeyField()),
        ref.getSessionTokenField() == null ? null : value(secret, ref.getSessionTokenField()));
  }

  /** Whether the Secret's owner let catalogs use it ({@link Labels#CREDENTIALS}). */
  public static boolean allowedForCatalogs(Secret secret) {
    return secret.getMetadata() != null
        && secret.getMetadata().getLabels() != null
        && "true".equals(secret.getMetadata().getLabels().get(Labels.CREDENTIALS));
  }

  /** One key of a Secret, from stringData or data; null when absent. */
  public static String value(Secret secret, String key) {
    if (secret == null || key == null) {
      return null;
    }
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return secret.getStringData().get(key);
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(key);
    return encoded == null
        ? null
        : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }
}
