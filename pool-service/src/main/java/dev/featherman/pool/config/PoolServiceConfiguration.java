package dev.featherman.pool.config;

import dev.featherman.operator.EventRecorder;
import dev.featherman.operator.Operators;
import dev.featherman.operator.ReconcileMetrics;
import dev.featherman.operator.ReconcileSupport;
import dev.featherman.pool.PoolReconciler;
import dev.featherman.pool.workers.PoolMetrics;
import dev.featherman.pool.workers.WorkerClient;
import dev.featherman.workloads.WorkerPodSettings;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Set;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the pool reconciler into a leader-elected Operator. */
@Configuration(proxyBeanMethods = false)
public class PoolServiceConfiguration {

  @Bean(destroyMethod = "close")
  KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }

  @Bean
  public Operator operator(KubernetesClient client, PoolProperties p, MeterRegistry registry)
      throws IOException {
    Operator operator =
        Operators.create(
            client,
            new Operators.LeaderElection(
                p.leaderElection(), p.leaseName(), p.leaseNamespace(), p.exitOnLostLease()));
    Clock clock = Clock.systemUTC();
    ReconcileSupport support =
        new ReconcileSupport(
            new EventRecorder(client, clock), new ReconcileMetrics(registry, "pool"), clock);
    var resources =
        new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity("500m"))
            .addToRequests("memory", new Quantity("1Gi"))
            .addToLimits("memory", new Quantity("2Gi"))
            .build();
    WorkerPodSettings pods =
        new WorkerPodSettings(
            p.workerImage(),
            p.workerImagePullPolicy(),
            resources,
            p.workerServiceAccount(),
            p.workerPort());
    String token = workerToken(p);
    operator.register(
        new PoolReconciler(
            client,
            p,
            pods,
            token,
            new WorkerClient(token, p.probeTimeout()),
            new PoolMetrics(registry),
            support,
            clock),
        Operators.watching(Set.copyOf(p.namespaces())));
    return operator;
  }

  @Bean
  SmartLifecycle operatorLifecycle(Operator operator) {
    return Operators.lifecycle(operator);
  }

  /** The worker token from the property, else from the mounted file; refuses to start without. */
  static String workerToken(PoolProperties p) throws IOException {
    if (!p.workerToken().isBlank()) {
      return p.workerToken().strip();
    }
    var file = Paths.get(p.workerTokenFile());
    if (!Files.isReadable(file)) {
      throw new IllegalStateException(
          "no worker token: set featherman.pool.worker-token or mount the token at "
              + file
              + " (featherman.pool.worker-token-file)");
    }
    String token = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (token.length() < 16) {
      throw new IllegalStateException(
          "the worker token in " + file + " is shorter than 16 characters; use a random one");
    }
    return token;
  }
}
