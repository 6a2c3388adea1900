package dev.featherman.cli.cluster;

import dev.featherman.api.v1alpha1.BackupPhase;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.v1alpha1.RestoreSpec;
import dev.featherman.cli.CliException;
import dev.featherman.cli.ExitCodes;
import dev.featherman.cli.FeathermanCli;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code featherman restore BACKUP --into NEW}: a new catalog like the backed-up one, started from
 * the backup. Never in place: the backed-up catalog is left as it is.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a Completed backup into a NEW catalog (never in place).",
      "The new catalog copies the backed-up catalog's spec without its schedules (backupPolicy,",
      "maintenance: add them when the copy takes over) and writes under its own object-store prefix."
    })
public final class RestoreCommand implements Callable<Integer> {
  @ParentCommand FeathermanCli cli;
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "BACKUP", description = "A Completed DuckLakeBackup.")
  String backupName;

  @Option(
      names = "--into",
      required = true,
      paramLabel = "NEW_CATALOG",
      description = "Name of the catalog to create; it must not exist.")
  String into;

  @Option(
      names = "--prefix",
      paramLabel = "PREFIX",
      description =
          "Object-store prefix of the new catalog (default: the source's prefix/NEW_CATALOG).")
  String prefix;

  @Mixin WaitOptions waiting;

  @Override
  public Integer call() {
    PrintWriter out = cli.console().out();
    try (KubernetesClient client = cluster.client(cli.console())) {
      String namespace = cluster.namespace(client);
      DuckLakeBackup backup = completedBackup(client, namespace);
      var catalogs = client.resources(DuckLakeCatalog.class).inNamespace(namespace);
      if (catalogs.withName(into).get() != null) {
        throw new CliException(
            ExitCodes.FAILED,
            "DuckLakeCatalog "
                + into
                + " already exists: restore only creates a new catalog, never in place");
      }
      DuckLakeCatalog source = catalogs.withName(backup.getSpec().getCatalogRef()).get();
      if (source == null) {
        throw new CliException(
            ExitCodes.FAILED,
            "the backed-up catalog "
                + backup.getSpec().getCatalogRef()
                + " no longer exists, so its settings cannot be copied: apply a DuckLakeCatalog"
                + " with spec.restore.backupName: "
                + backupName
                + " yourself (featherman init catalog prints one)");
      }
      DuckLakeCatalog restored = new DuckLakeCatalog();
      restored.setMetadata(new ObjectMeta());
      restored.getMetadata().setName(into);
      restored.getMetadata().setNamespace(namespace);
      restored.setSpec(specFrom(source.getSpec()));
      catalogs.resource(restored).create();
      out.println("ducklakecatalog/" + into + " created from ducklakebackup/" + backupName);
      out.flush();
      if (waiting.await) {
        Readiness.awaitKind(client, DuckLakeCatalog.class, namespace, into, waiting.timeout, out);
      }
    }
    return ExitCodes.OK;
  }

  private DuckLakeBackup completedBackup(KubernetesClient client, String namespace) {
    DuckLakeBackup backup =
        client.resources(DuckLakeBackup.class).inNamespace(namespace).withName(backupName).get();
    if (backup == null) {
      throw new CliException(
          ExitCodes.FAILED,
          "DuckLakeBackup " + backupName + " not found in namespace " + namespace);
    }
    BackupPhase phase = backup.getStatus() == null ? null : backup.getStatus().getPhase();
    if (phase != BackupPhase.Completed) {
      throw new CliException(
          ExitCodes.FAILED,
          "DuckLakeBackup "
              + backupName
              + " is "
              + (phase == null ? "not started" : phase)
              + ": only a Completed backup can be restored");
    }
    return backup;
  }

  private DuckLakeCatalogSpec specFrom(DuckLakeCatalogSpec source) {
    DuckLakeCatalogSpec spec =
        Serialization.unmarshal(Serialization.asJson(source), DuckLakeCatalogSpec.class);
    // Schedules start when someone decides the copy takes over, not on a restore.
    spec.setBackupPolicy(null);
    spec.setMaintenance(null);
    spec.setRestoreVersion(null);
    RestoreSpec restore = new RestoreSpec();
    restore.setBackupName(backupName);
    spec.setRestore(restore);
    String sourcePrefix = source.getObjectStore().getPrefix();
    spec.getObjectStore()
        .setPrefix(
            prefix != null
                ? prefix
                : sourcePrefix == null || sourcePrefix.isEmpty()
                    ? into
                    : sourcePrefix.replaceAll("/+$", "") + "/" + into);
    return spec;
  }
}
