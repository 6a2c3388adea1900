package dev.featherman.cli;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code featherman version}: this client's version and, where reachable, the gateway's (from its
 * /actuator/info) and the installed services' (the chart's version label on their Deployments).
 */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print the client's version, and the gateway's and the cluster's when reachable.")
public final class VersionCommand implements Callable<Integer> {
  @ParentCommand FeathermanCli cli;

  @Option(
      names = {"-g", "--gateway"},
      paramLabel = "URL",
      description = "Gateway to ask (default: $FEATHERMAN_GATEWAY; none: not asked).")
  String gateway;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "kubeconfig (default: $KUBECONFIG, ~/.kube/config).")
  java.nio.file.Path kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", description = "kubeconfig context.")
  String context;

  @Option(names = "--client", description = "Only the client's version.")
  boolean clientOnly;

  @Override
  public Integer call() {
    PrintWriter out = cli.console().out();
    out.println("client: " + CliVersion.current());
    if (!clientOnly) {
      String url = gateway != null ? gateway : cli.console().env("FEATHERMAN_GATEWAY");
      if (url != null) {
        out.println("gateway: " + gatewayVersion(url));
      }
      services().forEach(out::println);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private String gatewayVersion(String url) {
    try {
      String version = dev.featherman.cli.query.GatewayVersion.of(URI.create(url));
      return (version == null ? "unknown" : version) + " (" + url + ")";
    } catch (CliException e) {
      return "unreachable (" + e.getMessage() + ")";
    }
  }

  /** One line per Featherman Deployment in the cluster, or why there are none. */
  private List<String> services() {
    Config config;
    try {
      String file = kubeconfig != null ? kubeconfig.toString() : cli.console().env("KUBECONFIG");
      config =
          file != null
              ? Config.fromKubeconfig(
                  context, new java.io.File(file.split(java.io.File.pathSeparator)[0]))
              : Config.autoConfigure(context);
    } catch (RuntimeException e) {
      return List.of("cluster: no kubeconfig (" + e.getMessage() + ")");
    }
    config.setRequestTimeout(5_000);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      List<Deployment> deployments =
          client
              .apps()
              .deployments()
              .inAnyNamespace()
              .withLabel("app.kubernetes.io/part-of", "featherman")
              .list()
              .getItems();
      if (deployments.isEmpty()) {
        return List.of("cluster: no Featherman services installed (" + config.getMasterUrl() + ")");
      }
      return deployments.stream()
          .map(
              d ->
                  d.getMetadata().getName()
                      + ": "
                      + d.getMetadata()
                          .getLabels()
                          .getOrDefault("app.kubernetes.io/version", "unknown")
                      + " ("
                      + d.getMetadata().getNamespace()
                      + ", image "
                      + d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()
                      + ")")
          .sorted()
          .toList();
    } catch (KubernetesClientException e) {
      return List.of("cluster: unreachable (" + KubernetesErrors.describe(e) + ")");
    }
  }
}
