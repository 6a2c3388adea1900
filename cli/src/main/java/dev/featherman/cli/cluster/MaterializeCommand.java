package dev.featherman.cli.cluster;

import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.DuckLakeTable;
import dev.featherman.api.v1alpha1.MaterializationStatus;
import dev.featherman.cli.CliException;
import dev.featherman.cli.ExitCodes;
import dev.featherman.cli.FeathermanCli;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code featherman materialize TABLE}: runs a table's materializeTo export now, by writing the
 * current time to spec.materializeTo.requestedAt (like kubectl rollout restart).
 */
@Command(
    name = "materialize",
    mixinStandardHelpOptions = true,
    description = "Run a table's materializeTo export now, besides its schedule.")
public final class MaterializeCommand implements Callable<Integer> {
  @ParentCommand FeathermanCli cli;
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "TABLE", description = "The DuckLakeTable (its metadata.name).")
  String table;

  @Mixin WaitOptions waiting;

  @Override
  public Integer call() {
    try (KubernetesClient client = cluster.client(cli.console())) {
      String namespace = cluster.namespace(client);
      var resource = client.resources(DuckLakeTable.class).inNamespace(namespace).withName(table);
      DuckLakeTable current = resource.get();
      if (current == null) {
        throw new CliException(
            ExitCodes.FAILED, "DuckLakeTable " + table + " not found in namespace " + namespace);
      }
      var materialize = current.getSpec().getMaterializeTo();
      if (materialize == null || Boolean.FALSE.equals(materialize.getEnabled())) {
        throw new CliException(
            ExitCodes.FAILED,
            "DuckLakeTable "
                + table
                + " has no enabled spec.materializeTo: there is no export to run");
      }
      String request = Instant.now().toString();
      DuckLakeTable patched =
          resource.patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(
                  Map.of("spec", Map.of("materializeTo", Map.of("requestedAt", request)))));
      cli.console()
          .out()
          .println("ducklaketable/" + table + " materialization requested at " + request);
      cli.console().out().flush();
      if (waiting.await) {
        long generation = patched.getMetadata().getGeneration();
        Waiter.await(
            "ducklaketable/" + table,
            resource::get,
            t -> served(t, request, generation),
            waiting.timeout,
            cli.console().out());
      }
    }
    return ExitCodes.OK;
  }

  /** Done once the status records the request; failed when Materialized says why not. */
  static Outcome served(DuckLakeTable table, String request, long generation) {
    if (table.getStatus() == null) {
      return Outcome.pending("no status yet");
    }
    MaterializationStatus last = table.getStatus().getMaterialization();
    if (last != null && request.equals(last.getRequestedAt())) {
      return Outcome.done("exported " + last.getRowCount() + " rows to " + last.getOutputPath());
    }
    Condition materialized =
        Conditions.find(table.getStatus(), ConditionTypes.MATERIALIZED).orElse(null);
    if (materialized == null
        || materialized.getObservedGeneration() == null
        || materialized.getObservedGeneration() < generation) {
      return Outcome.pending("waiting for the controller to start the export");
    }
    if ("False".equals(materialized.getStatus())
        && !ConditionReasons.RECONCILING.equals(materialized.getReason())) {
      return Outcome.failed("export failed: " + Waiter.describe(materialized));
    }
    return Outcome.pending(
        "Materialized=" + materialized.getStatus() + " " + Waiter.describe(materialized));
  }
}
