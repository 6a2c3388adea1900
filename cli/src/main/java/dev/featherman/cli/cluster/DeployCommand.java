package dev.featherman.cli.cluster;

import dev.featherman.api.ApiGroup;
import dev.featherman.cli.CliException;
import dev.featherman.cli.ExitCodes;
import dev.featherman.cli.FeathermanCli;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code featherman deploy}: server-side apply of YAML files, through the API server's validation
 * and the admission webhook; warnings and denials are printed as the server words them.
 */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Apply DuckLake objects (and anything else in the files) with server-side apply.",
      "--dry-run asks the API server and the admission webhook without storing anything."
    })
public final class DeployCommand implements Callable<Integer> {
  static final String FIELD_MANAGER = "featherman-cli";

  @ParentCommand FeathermanCli cli;
  @Mixin ClusterOptions cluster;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE",
      description = "YAML file with one or more objects; '-' reads standard input. Repeatable.")
  List<String> files;

  @Option(
      names = "--dry-run",
      description = "Server-side dry run: admission and validation, nothing stored.")
  boolean dryRun;

  @Option(names = "--wait", description = "Wait until every applied DuckLake object is Ready.")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = Durations.class,
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = cli.console().out();
    PrintWriter err = cli.console().err();
    WarningCollector warnings = new WarningCollector();
    try (KubernetesClient client = cluster.client(cli.console(), warnings)) {
      String namespace = cluster.namespace(client);
      List<HasMetadata> applied = new ArrayList<>();
      int refused = 0;
      for (String file : files) {
        for (HasMetadata object : load(client, file)) {
          if (apply(client, object, namespace, warnings, out, err)) {
            applied.add(object);
          } else {
            refused++;
          }
        }
      }
      if (refused > 0) {
        return ExitCodes.FAILED;
      }
      if (await && !dryRun) {
        for (HasMetadata object : applied) {
          Readiness.await(client, object, namespace, timeout, out);
        }
      }
    }
    return ExitCodes.OK;
  }

  private boolean apply(
      KubernetesClient client,
      HasMetadata object,
      String namespace,
      WarningCollector warnings,
      PrintWriter out,
      PrintWriter err) {
    String name = describe(object);
    try {
      var resource = client.resource(object);
      if (object.getMetadata().getNamespace() == null) {
        object.getMetadata().setNamespace(namespace);
      }
      HasMetadata result =
          (dryRun ? resource.dryRun() : resource)
              .fieldManager(FIELD_MANAGER)
              .forceConflicts()
              .serverSideApply();
      printWarnings(warnings, err);
      out.println(
          name
              + (dryRun ? " valid (server dry run)" : " applied")
              + (result.getMetadata().getGeneration() == null
                  ? ""
                  : ", generation " + result.getMetadata().getGeneration()));
      out.flush();
      return true;
    } catch (KubernetesClientException e) {
      printWarnings(warnings, err);
      if (e.getCode() <= 0) {
        throw e;
      }
      err.println("error: " + name + ": " + reason(e));
      err.flush();
      return false;
    }
  }

  private static void printWarnings(WarningCollector warnings, PrintWriter err) {
    warnings.drain().forEach(w -> err.println("Warning: " + w));
    err.flush();
  }

  private List<HasMetadata> load(KubernetesClient client, String file) throws IOException {
    byte[] bytes;
    if ("-".equals(file)) {
      bytes = cli.console().in().readAllBytes();
    } else {
      Path path = Path.of(file);
      if (!Files.isReadable(path)) {
        throw new CliException(ExitCodes.USAGE, "cannot read " + file);
      }
      bytes = Files.readAllBytes(path);
    }
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      List<HasMetadata> items = client.load(in).items();
      if (items.isEmpty()) {
        throw new CliException(ExitCodes.USAGE, file + " holds no Kubernetes object");
      }
      for (HasMetadata item : items) {
        if (item.getMetadata() == null || item.getMetadata().getName() == null) {
          throw new CliException(
              ExitCodes.USAGE, file + ": a " + item.getKind() + " without metadata.name");
        }
      }
      return items;
    } catch (KubernetesClientException | IllegalArgumentException e) {
      if (e instanceof KubernetesClientException k && k.getCode() > 0) {
        throw e;
      }
      throw new CliException(ExitCodes.USAGE, file + " is not Kubernetes YAML: " + e.getMessage());
    }
  }

  static String describe(HasMetadata object) {
    return object.getKind().toLowerCase(Locale.ROOT) + "/" + object.getMetadata().getName();
  }

  /** The API server's (or webhook's) words for a refusal. */
  static String reason(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : e.getMessage();
  }

  /** Whether an object is one of Featherman's kinds. */
  static boolean isFeatherman(HasMetadata object) {
    return object.getApiVersion() != null
        && object.getApiVersion().startsWith(ApiGroup.GROUP + "/");
  }
}
