package dev.featherman.webhook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the admission service to the cluster it runs in. */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {
  @Bean(destroyMethod = "close")
  KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }

  @Bean
  AdmissionService admissionService(
      KubernetesClient client,
      @org.springframework.beans.factory.annotation.Value(
              "${featherman.webhook.allowed-worker-images:}")
          java.util.List<String> allowedWorkerImages) {
    return new AdmissionService(
        new CatalogLookup(client),
        new MaterializationSql(),
        new dev.featherman.api.validation.ImagePolicy(allowedWorkerImages));
  }
}
