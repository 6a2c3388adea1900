package dev.featherman.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.context.SmartLifecycle;

/**
 * Builds the Java Operator SDK's Operator by hand (there is no Spring Boot 4 starter): SSA off for
 * primary patches (JSON merge patches work on every API server, including test mocks), started and
 * stopped with the Spring application, optionally only while holding a Lease ({@link
 * LeaderElectedOperator}).
 */
public final class Operators {
  private Operators() {}

  /** Leader election settings, as every leader-elected service's properties carry them. */
  public interface LeaderElection {
    /** Take the Lease before reconciling (off only for tests). */
    boolean leaderElection();

    /** Name of the Lease. */
    String leaseName();

    /** The service's own namespace, where the Lease lives. */
    String leaseNamespace();

    /** Exit when the Lease is lost, so a stale leader never keeps reconciling. */
    boolean exitOnLostLease();
  }

  /** An Operator on {@code client} with Featherman's defaults. */
  public static Operator create(KubernetesClient client) {
    return new Operator(
        o ->
            o.withKubernetesClient(client)
                .withUseSSAToPatchPrimaryResource(false)
                .withCloseClientOnStop(false));
  }

  /** Registration settings watching {@code namespaces} (all when empty). */
  public static <R extends io.fabric8.kubernetes.api.model.HasMetadata>
      Consumer<io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<R>> watching(
          Set<String> namespaces) {
    return c -> {
      if (!namespaces.isEmpty()) {
        c.settingNamespaces(namespaces);
      }
    };
  }

  /**
   * Starts the operator once the application is up (once it holds the Lease, with leader election)
   * and stops it first on shutdown.
   */
  public static SmartLifecycle lifecycle(
      Operator operator, KubernetesClient client, LeaderElection election) {
    if (election.leaderElection()) {
      return new LeaderElectedOperator(operator, client, election);
    }
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        operator.start();
        running = true;
      }

      @Override
      public void stop() {
        operator.stop();
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }
    };
  }
}
