package dev.featherman.controller.config;

import dev.featherman.api.v1alpha1.DuckLakeCatalogStatus;
import dev.featherman.controller.catalog.CatalogReconciler;
import dev.featherman.controller.table.TableReconciler;
import dev.featherman.operator.OperatorService;
import dev.featherman.operator.OperatorServiceConfiguration;
import dev.featherman.operator.ReconcileSupport;
import dev.featherman.operator.jobs.OperationJobs;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The controller-service's part of the shared operator wiring: the catalog and table reconcilers
 * and the Jobs they run. The status fields the backup-service owns are kept on every write.
 */
@Configuration(proxyBeanMethods = false)
@Import(OperatorServiceConfiguration.class)
public class ControllerConfiguration {

  @Bean
  public OperatorService operatorService(ControllerProperties p) {
    return new OperatorService(
        "featherman-controller-service",
        "controller",
        Set.copyOf(p.namespaces()),
        p,
        DuckLakeCatalogStatus.BACKUP_SERVICE_FIELDS);
  }

  @Bean
  public OperationJobs operationJobs(KubernetesClient client, ControllerProperties p) {
    return OperationJobs.configured(client, p);
  }

  @Bean
  public CatalogReconciler catalogReconciler(
      KubernetesClient client,
      ControllerProperties p,
      OperationJobs jobs,
      Clock clock,
      ReconcileSupport support) {
    return new CatalogReconciler(client, p, jobs, clock, support);
  }

  @Bean
  public TableReconciler tableReconciler(
      KubernetesClient client,
      ControllerProperties p,
      OperationJobs jobs,
      Clock clock,
      ReconcileSupport support) {
    return new TableReconciler(client, p, jobs, clock, support);
  }
}
