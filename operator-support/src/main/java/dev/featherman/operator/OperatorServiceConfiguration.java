package dev.featherman.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The wiring the controller-service, pool-service and backup-service share, imported by each: one
 * Kubernetes client, one clock, Events and status writes under the service's name, and one Operator
 * that registers every {@link Reconciler} bean of the service, started once the application is up
 * (once it holds the Lease) and stopped first. A service contributes an {@link OperatorService}
 * bean and its reconcilers.
 */
@Configuration(proxyBeanMethods = false)
public class OperatorServiceConfiguration {

  /** Named kubernetesClient: tests swap it by that name for a ServiceAccount's client. */
  @Bean(destroyMethod = "close")
  public KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }

  @Bean
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  public EventRecorder eventRecorder(
      KubernetesClient client, Clock clock, OperatorService service) {
    return new EventRecorder(client, clock, service.component());
  }

  @Bean
  public ReconcileSupport reconcileSupport(
      KubernetesClient client,
      EventRecorder events,
      MeterRegistry registry,
      Clock clock,
      OperatorService service) {
    return new ReconcileSupport(
        events,
        new ReconcileMetrics(registry, service.metricsName()),
        clock,
        new StatusWriter(client, service.foreignStatusFields()));
  }

  /** An Operator with every reconciler registered, watching the service's namespaces. */
  @Bean
  public Operator operator(
      KubernetesClient client, OperatorService service, List<Reconciler<?>> reconcilers) {
    Operator operator = Operators.create(client);
    for (Reconciler<?> reconciler : reconcilers) {
      register(operator, reconciler, service);
    }
    return operator;
  }

  @Bean
  public SmartLifecycle operatorLifecycle(
      Operator operator, KubernetesClient client, OperatorService service) {
    return Operators.lifecycle(operator, client, service.election());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void register(Operator operator, Reconciler reconciler, OperatorService service) {
    operator.register(reconciler, Operators.watching(service.namespaces()));
  }
}
