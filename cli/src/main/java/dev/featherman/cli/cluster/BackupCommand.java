package dev.featherman.cli.cluster;

import dev.featherman.api.ApiGroup;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeBackupSpec;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.cli.CliException;
import dev.featherman.cli.ExitCodes;
import dev.featherman.cli.FeathermanCli;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code featherman backup CATALOG}: an on-demand DuckLakeBackup, done by the backup-service. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = "Back up a catalog now (a DuckLakeBackup with trigger manual).")
public final class BackupCommand implements Callable<Integer> {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  @ParentCommand FeathermanCli cli;
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "CATALOG", description = "The DuckLakeCatalog to back up.")
  String catalog;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Name of the DuckLakeBackup (default: CATALOG-yyyyMMdd-HHmmss, UTC).")
  String name;

  @Option(names = "--pin", description = "Exempt the backup from the catalog's retention.")
  boolean pin;

  @Mixin WaitOptions waiting;

  @Override
  public Integer call() {
    try (KubernetesClient client = cluster.client(cli.console())) {
      String namespace = cluster.namespace(client);
      if (client.resources(DuckLakeCatalog.class).inNamespace(namespace).withName(catalog).get()
          == null) {
        throw new CliException(
            ExitCodes.FAILED,
            "DuckLakeCatalog " + catalog + " not found in namespace " + namespace);
      }
      DuckLakeBackup backup = new DuckLakeBackup();
      backup.setMetadata(new ObjectMeta());
      backup.getMetadata().setName(name != null ? name : defaultName());
      backup.getMetadata().setNamespace(namespace);
      DuckLakeBackupSpec spec = new DuckLakeBackupSpec();
      spec.setCatalogRef(catalog);
      spec.setTrigger("manual");
      if (pin) {
        spec.setPinned(true);
      }
      backup.setSpec(spec);
      DuckLakeBackup created =
          client.resources(DuckLakeBackup.class).inNamespace(namespace).resource(backup).create();
      String what = "ducklakebackup/" + created.getMetadata().getName();
      cli.console().out().println(what + " created (" + ApiGroup.GROUP + ")");
      cli.console().out().flush();
      if (waiting.await) {
        Readiness.awaitKind(
            client,
            DuckLakeBackup.class,
            namespace,
            created.getMetadata().getName(),
            waiting.timeout,
            cli.console().out());
      }
    }
    return ExitCodes.OK;
  }

  private String defaultName() {
    String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
    String base = catalog.length() > 230 ? catalog.substring(0, 230) : catalog;
    return base + "-" + stamp;
  }
}
