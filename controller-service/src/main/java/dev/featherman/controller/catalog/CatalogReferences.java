package dev.featherman.controller.catalog;

import dev.featherman.api.ConditionReasons;
import dev.featherman.api.Labels;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.CredentialsSecretRef;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.PostgresCredentialsRef;
import dev.featherman.objectstore.S3Keys;
import dev.featherman.operator.CatalogSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * Checks what a catalog refers to (Secrets and their keys, the StorageClass) and reads its S3 keys.
 */
public class CatalogReferences {
  /** Something a catalog refers to is missing; the reason is a ConditionReasons constant. */
  public record Problem(String reason, String message) {}

  private final KubernetesClient client;

  public CatalogReferences(KubernetesClient client) {
    this.client = client;
  }

  /** The first missing reference, naming the field to fix. */
  public Optional<Problem> check(DuckLakeCatalog catalog) {
    String ns = catalog.getMetadata().getNamespace();
    CredentialsSecretRef s3 = catalog.getSpec().getObjectStore().getCredentialsSecret();
    if (s3 != null) {
      Optional<Problem> p =
          keys(
              ns,
              s3.getName(),
              "spec.objectStore.credentialsSecret",
              new String[] {s3.getAccessKeyField(), "accessKeyField"},
              new String[] {s3.getSecretKeyField(), "secretKeyField"});
      if (p.isPresent()) {
        return p;
      }
    }
    if (catalog.getSpec().getBackend() == CatalogBackend.postgres) {
      PostgresCredentialsRef pg = catalog.getSpec().getPostgres().getCredentialsSecret();
      Optional<Problem> p =
          keys(
              ns,
              pg.getName(),
              "spec.postgres.credentialsSecret",
              new String[] {pg.getUsernameKey(), "usernameKey"},
              new String[] {pg.getPasswordKey(), "passwordKey"});
      if (p.isPresent()) {
        return p;
      }
    } else if (catalog.getSpec().getStorageClass() != null
        && client
                .storage()
                .v1()
                .storageClasses()
                .withName(catalog.getSpec().getStorageClass())
                .get()
            == null) {
      return Optional.of(
          new Problem(
              ConditionReasons.STORAGE_CLASS_NOT_FOUND,
              "StorageClass '"
                  + catalog.getSpec().getStorageClass()
                  + "' (spec.storageClass) does not exist; name an existing one"
                  + " or omit it for the cluster default"));
    }
    return Optional.empty();
  }

  /** The S3 keys for the object-store probe (call after {@link #check}). */
  public S3Keys s3Keys(DuckLakeCatalog catalog) {
    return CatalogSecrets.s3Keys(client, catalog);
  }

  private Optional<Problem> keys(String ns, String name, String field, String[]... keys) {
    Secret secret = client.secrets().inNamespace(ns).withName(name).get();
    if (secret == null) {
      return Optional.of(
          new Problem(
              ConditionReasons.SECRET_NOT_FOUND,
              "Secret '"
                  + name
                  + "' ("
                  + field
                  + ".name) does not exist in namespace '"
                  + ns
                  + "'; create it or fix the name"));
    }
    if (!CatalogSecrets.allowedForCatalogs(secret)) {
      return Optional.of(
          new Problem(
              ConditionReasons.SECRET_NOT_ALLOWED,
              "Secret '"
                  + name
                  + "' ("
                  + field
                  + ".name) is not marked for use by catalogs; whoever owns it may allow that with"
                  + " 'kubectl label secret "
                  + name
                  + " "
                  + Labels.CREDENTIALS
                  + "=true -n "
                  + ns
                  + "'"));
    }
    for (String[] key : keys) {
      if (CatalogSecrets.value(secret, key[0]) == null) {
        return Optional.of(
            new Problem(
                ConditionReasons.SECRET_KEY_MISSING,
                "Secret '"
                    + name
                    + "' has no key '"
                    + key[0]
                    + "' ("
                    + field
                    + "."
                    + key[1]
                    + "); add the key or point "
                    + field
                    + "."
                    + key[1]
                    + " at the key that holds it"));
      }
    }
    return Optional.empty();
  }
}
