package dev.featherman.backup.reconcile;

import dev.featherman.api.v1alpha1.BackupPhase;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeCatalogStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the backup fields of a catalog's status true: lastBackup, lastBackupName,
 * lastSuccessfulBackup, lastFailedBackup, firstRecoverabilityPoint. Only these fields are written
 * (a patch of the difference), so the controller's fields are never overwritten.
 */
public class CatalogBackupSummary {
  private final KubernetesClient client;
  private final java.util.Map<String, Object> locks =
      new java.util.concurrent.ConcurrentHashMap<>();

  public CatalogBackupSummary(KubernetesClient client) {
    this.client = client;
  }

  /** Recomputes the summary of catalog {@code namespace/name} from its backups. */
  public void update(String namespace, String name) {
    update(namespace, name, null);
  }

  /**
   * Like {@link #update(String, String)}, with {@code current} (whose new status is not written
   * yet) in place of the stored version of that backup.
   */
  public void update(String namespace, String name, DuckLakeBackup current) {
    // Backups of one catalog finish on different reconciler threads: a summary computed from an
    // older list must never land after a newer one, so one catalog's updates take turns, each
    // listing the backups afresh.
    synchronized (locks.computeIfAbsent(namespace + "/" + name, k -> new Object())) {
      for (int attempt = 0; ; attempt++) {
        try {
          write(namespace, name, current);
          return;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
          if (e.getCode() != 409 || attempt >= 5) {
            throw e; // a conflict is another writer (the controller): read again and retry
          }
        }
      }
    }
  }

  private void write(String namespace, String name, DuckLakeBackup current) {
    var resource = client.resources(DuckLakeCatalog.class).inNamespace(namespace).withName(name);
    if (resource.get() == null) {
      return;
    }
    List<DuckLakeBackup> backups = new java.util.ArrayList<>(Backups.of(client, namespace, name));
    if (current != null) {
      backups.removeIf(b -> b.getMetadata().getName().equals(current.getMetadata().getName()));
      backups.add(current);
    }
    Optional<DuckLakeBackup> newestCompleted = newest(backups, BackupPhase.Completed);
    Optional<DuckLakeBackup> newestFailed = newest(backups, BackupPhase.Failed);
    Optional<String> firstPoint =
        backups.stream()
            .filter(b -> Backups.phase(b) == BackupPhase.Completed)
            .map(b -> b.getStatus().getExportStartedAt())
            .filter(t -> t != null)
            .min(Comparator.naturalOrder());
    resource.editStatus(
        c -> {
          DuckLakeCatalogStatus s =
              c.getStatus() == null ? new DuckLakeCatalogStatus() : c.getStatus();
          s.setLastBackupName(newestCompleted.map(b -> b.getMetadata().getName()).orElse(null));
          s.setLastSuccessfulBackup(s.getLastBackupName());
          s.setLastBackup(newestCompleted.map(b -> b.getStatus().getCompletedAt()).orElse(null));
          s.setLastFailedBackup(newestFailed.map(b -> b.getMetadata().getName()).orElse(null));
          s.setFirstRecoverabilityPoint(firstPoint.orElse(null));
          c.setStatus(s);
          return c;
        });
  }

  private static Optional<DuckLakeBackup> newest(List<DuckLakeBackup> backups, BackupPhase phase) {
    return backups.stream()
        .filter(b -> Backups.phase(b) == phase)
        .max(Comparator.comparing(Backups::finishedAt));
  }
}
