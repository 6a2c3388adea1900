package dev.featherman.cli.cluster;

import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.FeathermanStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * What "ready" means per kind: Ready=True for catalogs, tables and pools; Completed for backups.
 */
final class Readiness {
  private Readiness() {}

  /** Waits for one applied object; objects that are not Featherman's are ready once applied. */
  static void await(
      KubernetesClient client,
      HasMetadata applied,
      String defaultNamespace,
      Duration timeout,
      PrintWriter out) {
    if (!DeployCommand.isFeatherman(applied)) {
      return;
    }
    String namespace =
        applied.getMetadata().getNamespace() == null
            ? defaultNamespace
            : applied.getMetadata().getNamespace();
    String name = applied.getMetadata().getName();
    for (var kind : StatusCommand.KINDS) {
      if (HasMetadata.getKind(kind).equals(applied.getKind())) {
        awaitKind(client, kind, namespace, name, timeout, out);
        return;
      }
    }
  }

  static <T extends CustomResource<?, ? extends FeathermanStatus>> void awaitKind(
      KubernetesClient client,
      Class<T> kind,
      String namespace,
      String name,
      Duration timeout,
      PrintWriter out) {
    var resource = client.resources(kind).inNamespace(namespace).withName(name);
    String what = HasMetadata.getKind(kind).toLowerCase(java.util.Locale.ROOT) + "/" + name;
    if (kind == DuckLakeBackup.class) {
      Waiter.await(what, resource::get, o -> Waiter.completed((DuckLakeBackup) o), timeout, out);
    } else {
      Waiter.await(what, resource::get, Waiter::ready, timeout, out);
    }
  }
}
