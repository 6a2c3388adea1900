package dev.featherman.backup.retention;

import dev.featherman.api.v1alpha1.BackupPolicy;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.backup.metrics.BackupMetrics;
import dev.featherman.backup.reconcile.Backups;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Applies a catalog's retention: deletes the DuckLakeBackups {@link RetentionPlan} selects. The
 * backup reconciler's cleanup then deletes their objects, so a backup's objects and its record go
 * together.
 */
public class Retention {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Retention.class);
  private final KubernetesClient client;
  private final BackupMetrics metrics;
  private final Clock clock;

  public Retention(KubernetesClient client, BackupMetrics metrics, Clock clock) {
    this.client = client;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Deletes the catalog's expired backups; returns their names. */
  public List<String> apply(DuckLakeCatalog catalog) {
    BackupPolicy policy = catalog.getSpec().getBackupPolicy();
    if (policy == null) {
      return List.of(); // without a policy, backups are kept until deleted by hand
    }
    String ns = catalog.getMetadata().getNamespace();
    String name = catalog.getMetadata().getName();
    Set<String> sources = Backups.restoreSources(client, ns);
    List<DuckLakeBackup> backups = Backups.of(client, ns, name);
    List<RetentionPlan.Candidate> candidates =
        backups.stream()
            .map(
                b ->
                    new RetentionPlan.Candidate(
                        b.getMetadata().getName(),
                        switch (Backups.phase(b)) {
                          case Completed -> RetentionPlan.Phase.COMPLETED;
                          case Failed -> RetentionPlan.Phase.FAILED;
                          default -> RetentionPlan.Phase.IN_PROGRESS;
                        },
                        Backups.finishedAt(b),
                        Backups.pinned(b),
                        sources.contains(b.getMetadata().getName())))
            .toList();
    List<String> expired =
        RetentionPlan.select(
            candidates,
            clock.instant(),
            policy.getRetentionDays() == null ? 7 : policy.getRetentionDays(),
            policy.getKeepLast());
    for (String backup : expired) {
      client.resources(DuckLakeBackup.class).inNamespace(ns).withName(backup).delete();
      metrics.retentionDeleted(ns, name);
      log.info("retention of {}/{} deleted backup {}", ns, name, backup);
    }
    return expired;
  }
}
