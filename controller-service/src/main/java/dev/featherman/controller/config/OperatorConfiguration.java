package dev.featherman.controller.config;

import dev.featherman.api.v1alpha1.DuckLakeCatalogStatus;
import dev.featherman.controller.catalog.CatalogReconciler;
import dev.featherman.controller.table.TableReconciler;
import dev.featherman.operator.EventRecorder;
import dev.featherman.operator.Operators;
import dev.featherman.operator.ReconcileMetrics;
import dev.featherman.operator.ReconcileSupport;
import dev.featherman.operator.StatusWriter;
import dev.featherman.operator.jobs.OperationJobs;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Set;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the Java Operator SDK by hand (there is no Spring Boot 4 starter): one Operator, SSA off
 * for primary patches (JSON merge patches work on every API server, including test mocks), leader
 * election on a Lease, started and stopped with the application.
 */
@Configuration(proxyBeanMethods = false)
public class OperatorConfiguration {

  @Bean(destroyMethod = "close")
  KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }

  @Bean
  public OperationJobs operationJobs(KubernetesClient client, ControllerProperties p) {
    return OperationJobs.configured(client, p);
  }

  @Bean
  public Operator operator(
      KubernetesClient client, ControllerProperties p, OperationJobs jobs, MeterRegistry registry) {
    Operator operator = Operators.create(client);
    Clock clock = Clock.systemUTC();
    EventRecorder events = new EventRecorder(client, clock, "featherman-controller-service");
    ReconcileSupport support =
        new ReconcileSupport(
            events,
            new ReconcileMetrics(registry, "controller"),
            clock,
            new StatusWriter(client, DuckLakeCatalogStatus.BACKUP_SERVICE_FIELDS));
    Set<String> namespaces = Set.copyOf(p.namespaces());
    operator.register(
        new CatalogReconciler(client, p, jobs, clock, support), Operators.watching(namespaces));
    operator.register(
        new TableReconciler(client, p, jobs, clock, support), Operators.watching(namespaces));
    return operator;
  }

  /** Starts the operator once the application is up, stops it first on shutdown. */
  @Bean
  public SmartLifecycle operatorLifecycle(
      Operator operator, KubernetesClient client, ControllerProperties p) {
    return Operators.lifecycle(operator, client, p);
  }
}
