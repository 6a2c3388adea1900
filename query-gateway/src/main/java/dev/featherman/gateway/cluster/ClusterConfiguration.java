package dev.featherman.gateway.cluster;

import dev.featherman.gateway.config.GatewayProperties;
import dev.featherman.workloads.WorkerPodSettings;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
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
    return new WorkerDirectory(client, c.namespace(), c.workerPort());
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
      RoutingMetrics metrics)
      throws IOException {
    GatewayProperties.Cluster c = properties.cluster();
    var resources =
        new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity("500m"))
            .addToRequests("memory", new Quantity("1Gi"))
            .addToLimits("memory", new Quantity("2Gi"))
            .build();
    JobFallback fallback =
        new JobFallback(
            client,
            c.namespace(),
            new WorkerPodSettings(
                c.jobImage(),
                c.jobImagePullPolicy(),
                resources,
                c.jobServiceAccount(),
                c.workerPort()),
            c.jobStartTimeout());
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(c.connectTimeout())
            .build();
    return new PoolRouter(directory, http, workerToken(c), fallback, c, metrics);
  }

  @Bean(destroyMethod = "close")
  QueueReporter queueReporter(
      KubernetesClient client, GatewayProperties properties, RoutingMetrics metrics) {
    GatewayProperties.Cluster c = properties.cluster();
    String replica =
        c.replicaId().isBlank()
            ? System.getenv().getOrDefault("HOSTNAME", "gateway")
            : c.replicaId();
    return new QueueReporter(client, c.namespace(), replica, metrics, c.queueReportInterval());
  }

  static String workerToken(GatewayProperties.Cluster c) throws IOException {
    if (!c.workerToken().isBlank()) {
      return c.workerToken().strip();
    }
    var file = Paths.get(c.workerTokenFile());
    if (!Files.isReadable(file)) {
      throw new IllegalStateException(
          "cluster mode needs the worker token: set featherman.gateway.cluster.worker-token or"
              + " mount it at "
              + file
              + " (featherman.gateway.cluster.worker-token-file)");
    }
    return Files.readString(file, StandardCharsets.UTF_8).strip();
  }
}
