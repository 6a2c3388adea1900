package dev.featherman.cli.cluster;

import dev.featherman.cli.Console;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** kubectl's connection flags: which kubeconfig, context and namespace a command works in. */
public final class ClusterOptions {
  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "The kubeconfig context to use (default: its current context).")
  String context;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Namespace (default: the context's namespace, else \"default\").")
  String namespace;

  /** A client for the chosen cluster; {@code interceptor} sees every response (may be null). */
  KubernetesClient client(Console console, Interceptor interceptor) {
    KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(config(console));
    if (interceptor != null) {
      builder.withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("cli", interceptor));
    }
    return builder.build();
  }

  KubernetesClient client(Console console) {
    return client(console, null);
  }

  /** The namespace the command works in. */
  String namespace(KubernetesClient client) {
    if (namespace != null) {
      return namespace;
    }
    String fromContext = client.getConfiguration().getNamespace();
    return fromContext == null ? "default" : fromContext;
  }

  private Config config(Console console) {
    Path file = kubeconfig;
    if (file == null && console.env("KUBECONFIG") != null) {
      // kubectl's rule: the first file of the list (merging several is not supported here).
      file = Path.of(console.env("KUBECONFIG").split(File.pathSeparator)[0]);
    }
    if (file == null) {
      return Config.autoConfigure(context);
    }
    if (!Files.isReadable(file)) {
      throw new dev.featherman.cli.CliException(
          dev.featherman.cli.ExitCodes.USAGE, "kubeconfig " + file + " cannot be read");
    }
    return Config.fromKubeconfig(context, file.toFile());
  }
}
