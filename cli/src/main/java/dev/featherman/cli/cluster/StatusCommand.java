package dev.featherman.cli.cluster;

import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.v1alpha1.DuckLakeTable;
import dev.featherman.api.v1alpha1.FeathermanStatus;
import dev.featherman.cli.CliException;
import dev.featherman.cli.ExitCodes;
import dev.featherman.cli.FeathermanCli;
import dev.featherman.cli.output.Format;
import dev.featherman.cli.output.TextTable;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code featherman status}: catalogs, tables, pools and backups with Ready, reason and figures.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show every DuckLake catalog, table, pool and backup: READY, REASON, key figures and AGE.",
      "With --watch, then print a line for every change until interrupted (or --timeout)."
    })
public final class StatusCommand implements java.util.concurrent.Callable<Integer> {
  /** The four kinds, in the order they are listed. */
  static final List<Class<? extends CustomResource<?, ? extends FeathermanStatus>>> KINDS =
      List.of(DuckLakeCatalog.class, DuckLakeTable.class, DuckLakePool.class, DuckLakeBackup.class);

  @ParentCommand FeathermanCli cli;
  @Mixin ClusterOptions cluster;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "List objects in every namespace.")
  boolean allNamespaces;

  @Option(
      names = {"-w", "--watch"},
      description = "After listing, print each change as it happens.")
  boolean watch;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "Stop watching after this long, e.g. 30s or 5m (default: never).",
      converter = Durations.class)
  Duration timeout;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table (default), json or yaml.")
  Format output = Format.table;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = cli.console().out();
    try (KubernetesClient client = cluster.client(cli.console())) {
      String namespace = allNamespaces ? null : cluster.namespace(client);
      List<StatusRow> rows = new ArrayList<>();
      Map<Class<?>, String> listedAt = new java.util.HashMap<>();
      for (var kind : KINDS) {
        var list = operation(client, kind, namespace).list();
        listedAt.put(kind, list.getMetadata().getResourceVersion());
        list.getItems().forEach(object -> rows.add(StatusRow.of(object)));
      }
      print(out, rows, namespace);
      if (watch) {
        follow(client, namespace, listedAt, out);
      }
    }
    return ExitCodes.OK;
  }

  private void print(PrintWriter out, List<StatusRow> rows, String namespace) {
    if (output != Format.table) {
      output.printStructured(out, Map.of("items", rows));
      return;
    }
    if (rows.isEmpty()) {
      out.println(
          "No DuckLake objects found"
              + (namespace == null ? "." : " in namespace " + namespace + "."));
      out.flush();
      return;
    }
    TextTable table = new TextTable(headers());
    Instant now = Instant.now();
    rows.stream()
        // Stable: within a namespace the rows keep the kinds' order.
        .sorted(Comparator.comparing(StatusRow::namespace))
        .forEach(r -> table.add(cells(r, now)));
    table.print(out);
  }

  private List<String> headers() {
    List<String> h = new ArrayList<>();
    if (allNamespaces) {
      h.add("NAMESPACE");
    }
    h.addAll(List.of("NAME", "READY", "REASON", "DETAILS", "AGE"));
    return h;
  }

  private List<String> cells(StatusRow r, Instant now) {
    List<String> c = new ArrayList<>();
    if (allNamespaces) {
      c.add(r.namespace());
    }
    c.add(r.qualifiedName());
    c.add(r.ready());
    c.add(r.reason() == null ? "" : r.reason());
    c.add(r.details());
    c.add(r.age(now));
    return c;
  }

  /** Prints one line (or document) per change until interrupted or the timeout. */
  private void follow(
      KubernetesClient client, String namespace, Map<Class<?>, String> listedAt, PrintWriter out)
      throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    List<Watch> watches = new ArrayList<>();
    try {
      for (var kind : KINDS) {
        // From the listed version on, as kubectl get -w: only changes, not the list again.
        var since = new ListOptionsBuilder().withResourceVersion(listedAt.get(kind)).build();
        watches.add(operation(client, kind, namespace).watch(since, printer(out, closed)));
      }
      if (timeout == null) {
        closed.await();
      } else if (!closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
      throw new CliException(ExitCodes.UNREACHABLE, "the watch on the API server ended");
    } finally {
      watches.forEach(Watch::close);
    }
  }

  private <T extends CustomResource<?, ? extends FeathermanStatus>> Watcher<T> printer(
      PrintWriter out, CountDownLatch closed) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T object) {
        if (action == Action.BOOKMARK) {
          return;
        }
        StatusRow row = StatusRow.of(object);
        synchronized (out) {
          if (output == Format.table) {
            out.println(changeLine(action, row));
            out.flush();
          } else {
            output.printStructured(out, Map.of("type", action.name(), "object", row));
            if (output == Format.yaml) {
              out.println("---");
            }
          }
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        closed.countDown();
      }
    };
  }

  private String changeLine(Watcher.Action action, StatusRow row) {
    String where = allNamespaces ? row.namespace() + "/" : "";
    return String.format(
        "%-8s %-44s %-7s %-22s %s",
        action.name(),
        where + row.qualifiedName(),
        action == Watcher.Action.DELETED ? "-" : row.ready(),
        row.reason() == null ? "" : row.reason(),
        row.details());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static <T extends CustomResource<?, ? extends FeathermanStatus>>
      io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable<
              T, KubernetesResourceList<T>, Resource<T>>
          operation(KubernetesClient client, Class<T> kind, String namespace) {
    MixedOperation<T, KubernetesResourceList<T>, Resource<T>> resources =
        (MixedOperation) client.resources(kind);
    return namespace == null ? resources.inAnyNamespace() : resources.inNamespace(namespace);
  }
}
