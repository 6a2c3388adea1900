package dev.featherman.pool.config;

import dev.featherman.api.worker.WorkerToken;
import dev.featherman.operator.EventRecorder;
import dev.featherman.operator.Operators;
import dev.featherman.operator.ReconcileMetrics;
import dev.featherman.operator.ReconcileSupport;
import dev.featherman.operator.StatusWriter;
import dev.featherman.pool.PoolReconciler;
import dev.featherman.pool.workers.PoolMetrics;
import dev.featherman.pool.workers.WorkerClient;
import dev.featherman.workloads.WorkerPodSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
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
  public Operator operator(KubernetesClient client, PoolProperties p, MeterRegistry registry) {
    Operator operator = Operators.create(client);
    Clock clock = Clock.systemUTC();
    ReconcileSupport support =
        new ReconcileSupport(
            new EventRecorder(client, clock, "featherman-pool-service"),
            new ReconcileMetrics(registry, "pool"),
            clock,
            new StatusWriter(client, Set.of()));
    WorkerPodSettings pods =
        new WorkerPodSettings(
            p.workerImage(),
            p.workerImagePullPolicy(),
            WorkerPodSettings.defaultResources(),
            p.workerServiceAccount(),
            p.workerPort());
    WorkerToken token =
        WorkerToken.resolve(p.workerToken(), p.workerTokenFile(), "featherman.pool");
    operator.register(
        new PoolReconciler(
            client,
            p,
            pods,
            token,
            new WorkerClient(p.probeTimeout()),
            new PoolMetrics(registry),
            support,
            clock),
        Operators.watching(Set.copyOf(p.namespaces())));
    return operator;
  }

  @Bean
  public SmartLifecycle operatorLifecycle(
      Operator operator, KubernetesClient client, PoolProperties p) {
    return Operators.lifecycle(operator, client, p);
  }
}
