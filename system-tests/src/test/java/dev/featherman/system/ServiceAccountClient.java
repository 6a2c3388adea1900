package dev.featherman.system;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives one in-JVM service the identity its pod has in a cluster: its {@code kubernetesClient} bean
 * is replaced by a client impersonating the chart's ServiceAccount, so the API server's RBAC (with
 * exactly the chart's roles) decides each of its calls.
 */
final class ServiceAccountClient
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  private final java.util.function.Supplier<KubernetesClient> client;

  ServiceAccountClient(java.util.function.Supplier<KubernetesClient> client) {
    this.client = client;
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    // As a bean, not a context post-processor: it must run after the @Bean methods were read.
    BeanDefinitionRegistryPostProcessor swap =
        new BeanDefinitionRegistryPostProcessor() {
          @Override
          public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
            if (!registry.containsBeanDefinition("kubernetesClient")) {
              throw new IllegalStateException("the service defines no kubernetesClient bean");
            }
            registry.removeBeanDefinition("kubernetesClient");
            RootBeanDefinition definition = new RootBeanDefinition(KubernetesClient.class, client);
            definition.setDestroyMethodName("close");
            registry.registerBeanDefinition("kubernetesClient", definition);
          }

          @Override
          public void postProcessBeanFactory(
              org.springframework.beans.factory.config.ConfigurableListableBeanFactory factory) {}
        };
    ((BeanDefinitionRegistry) context.getBeanFactory())
        .registerBeanDefinition(
            "serviceAccountClient",
            new RootBeanDefinition(BeanDefinitionRegistryPostProcessor.class, () -> swap));
  }
}
