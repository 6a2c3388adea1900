package dev.featherman.pool.config;

import dev.featherman.api.worker.WorkerToken;
import dev.featherman.operator.OperatorService;
import dev.featherman.operator.OperatorServiceConfiguration;
import dev.featherman.operator.ReconcileSupport;
import dev.featherman.pool.PoolReconciler;
import dev.featherman.pool.workers.PoolMetrics;
import dev.featherman.pool.workers.WorkerClient;
import dev.featherman.workloads.WorkerPodSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The pool-service's part of the shared operator wiring: the pool reconciler. */
@Configuration(proxyBeanMethods = false)
@Import(OperatorServiceConfiguration.class)
public class PoolServiceConfiguration {

  @Bean
  public OperatorService operatorService(PoolProperties p) {
    return new OperatorService(
        "featherman-pool-service", "pool", Set.copyOf(p.namespaces()), p, Set.of());
  }

  @Bean
  public PoolReconciler poolReconciler(
      KubernetesClient client,
      PoolProperties p,
      MeterRegistry registry,
      ReconcileSupport support,
      Clock clock) {
    WorkerPodSettings pods =
        new WorkerPodSettings(
            p.workerImage(),
            p.workerImagePullPolicy(),
            WorkerPodSettings.defaultResources(),
            p.workerServiceAccount(),
            p.workerPort());
    WorkerToken token =
        WorkerToken.resolve(p.workerToken(), p.workerTokenFile(), "featherman.pool");
    return new PoolReconciler(
        client,
        p,
        pods,
        token,
        new WorkerClient(p.probeTimeout()),
        new PoolMetrics(registry),
        support,
        clock);
  }
}
