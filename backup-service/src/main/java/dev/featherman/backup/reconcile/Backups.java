package dev.featherman.backup.reconcile;

import dev.featherman.api.Annotations;
import dev.featherman.api.v1alpha1.BackupPhase;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.validation.CatalogValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reading DuckLakeBackups: a catalog's backups, their phase and times, what protects them. */
public final class Backups {
  private Backups() {}

  /** The backups of {@code catalog} in {@code namespace}. */
  public static List<DuckLakeBackup> of(KubernetesClient client, String namespace, String catalog) {
    return client.resources(DuckLakeBackup.class).inNamespace(namespace).list().getItems().stream()
        .filter(b -> b.getSpec() != null && catalog.equals(b.getSpec().getCatalogRef()))
        .filter(b -> b.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  public static BackupPhase phase(DuckLakeBackup b) {
    return b.getStatus() == null || b.getStatus().getPhase() == null
        ? BackupPhase.Pending
        : b.getStatus().getPhase();
  }

  /** When it finished, else when it was created. */
  public static Instant finishedAt(DuckLakeBackup b) {
    return b.getStatus() != null && b.getStatus().getCompletedAt() != null
        ? Instant.parse(b.getStatus().getCompletedAt())
        : created(b);
  }

  public static Instant created(DuckLakeBackup b) {
    String t = b.getMetadata().getCreationTimestamp();
    return t == null ? Instant.now() : Instant.parse(t);
  }

  /** Pinned in the spec, or by the annotation the Go API used. */
  public static boolean pinned(DuckLakeBackup b) {
    return Boolean.TRUE.equals(b.getSpec().getPinned())
        || "true"
            .equals(
                Optional.ofNullable(b.getMetadata().getAnnotations())
                    .map(a -> a.get(Annotations.PINNED))
                    .orElse(null));
  }

  /** Names of the backups some catalog in {@code namespace} was (or is being) restored from. */
  public static Set<String> restoreSources(KubernetesClient client, String namespace) {
    return client.resources(DuckLakeCatalog.class).inNamespace(namespace).list().getItems().stream()
        .filter(c -> c.getSpec() != null)
        .map(c -> CatalogValidator.restoreSource(c.getSpec()))
        .filter(s -> s != null)
        .collect(Collectors.toSet());
  }
}
