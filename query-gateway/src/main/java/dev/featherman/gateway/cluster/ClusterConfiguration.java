package dev.featherman.gateway.cluster;

import dev.featherman.api.worker.WorkerToken;
import dev.featherman.gateway.config.GatewayProperties;
import dev.featherman.workloads.WorkerPodSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Cluster mode: queries go to pool workers found through Kubernetes, or to fallback Jobs. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "featherman.gateway.mode", havingValue = "cluster")
public class ClusterConfiguration {

  @Bean(destroyMethod = "close")
  WorkerDirectory workerDirectory(KubernetesClient client, GatewayProperties properties) {
    GatewayProperties.Cluster c = properties.cluster();
    return new WorkerDirectory(client, served(c), c.namespace(), c.workerPort());
  }

  @Bean
  RoutingMetrics routingMetrics(MeterRegistry registry) {
    return new RoutingMetrics(registry);
  }

  @Bean
  PoolRouter poolRouter(
      KubernetesClient client,
      WorkerDirectory directory,
      GatewayProperties properties,
      RoutingMetrics metrics) {
    GatewayProperties.Cluster c = properties.cluster();
    WorkerToken token =
        WorkerToken.resolve(c.workerToken(), c.workerTokenFile(), "featherman.gateway.cluster");
    JobFallback fallback =
        new JobFallback(
            client,
            served(c),
            new WorkerPodSettings(
                c.jobImage(),
                c.jobImagePullPolicy(),
                WorkerPodSettings.defaultResources(),
                c.jobServiceAccount(),
                c.workerPort()),
            c.jobStartTimeout(),
            token);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(c.connectTimeout())
            .build();
    return new PoolRouter(directory, http, token, fallback, c, metrics);
  }

  @Bean(destroyMethod = "close")
  QueueReporter queueReporter(
      KubernetesClient client, GatewayProperties properties, RoutingMetrics metrics) {
    GatewayProperties.Cluster c = properties.cluster();
    String replica =
        c.replicaId().isBlank()
            ? System.getenv().getOrDefault("HOSTNAME", "gateway")
            : c.replicaId();
    return new QueueReporter(client, replica, metrics, c.queueReportInterval());
  }

  /** The namespaces whose catalogs this gateway serves: its own, then the extra ones. */
  static java.util.List<String> served(GatewayProperties.Cluster c) {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
    all.add(c.namespace());
    all.addAll(c.namespaces());
    return java.util.List.copyOf(all);
  }
}
