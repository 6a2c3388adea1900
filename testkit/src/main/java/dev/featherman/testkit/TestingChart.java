package dev.featherman.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A chart rendered by the real helm, and the parts of it a test installs on a real API server: the
 * services' identities (ServiceAccounts) and exactly the RBAC the chart grants them.
 */
public final class TestingChart {
  private static final Set<String> RBAC_KINDS =
      Set.of("ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");

  private final List<HasMetadata> objects;
  private final String namespace;

  private TestingChart(List<HasMetadata> objects, String namespace) {
    this.objects = objects;
    this.namespace = namespace;
  }

  /** {@code helm template featherman <chart> -n <namespace> [--set ...]}. */
  public static TestingChart render(
      KubernetesClient client, Path chart, String namespace, String... sets) {
    List<String> args =
        new ArrayList<>(List.of("template", "featherman", chart.toString(), "-n", namespace));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    String yaml = Command.run("helm", null, args.toArray(String[]::new)).orFail();
    return new TestingChart(
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items(),
        namespace);
  }

  /** Every rendered object. */
  public List<HasMetadata> objects() {
    return objects;
  }

  /** Creates the release namespace, the ServiceAccounts and the RBAC objects, nothing else. */
  public void installIdentities(KubernetesClient client) {
    if (client.namespaces().withName(namespace).get() == null) {
      client
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    for (HasMetadata object : objects) {
      if (RBAC_KINDS.contains(object.getKind())) {
        if (!object.getKind().startsWith("Cluster")) {
          object.getMetadata().setNamespace(namespace);
        }
        client.resource(object).create();
      }
    }
  }

  /** The user name a pod running as ServiceAccount {@code name} of this release has. */
  public String serviceAccountUser(String name) {
    return "system:serviceaccount:" + namespace + ":" + name;
  }
}
