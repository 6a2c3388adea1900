package dev.featherman.gateway.api;

import dev.featherman.gateway.config.GatewayProperties;
import dev.featherman.gateway.executor.CatalogExecutor;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one query service every front end (REST, Flight SQL) runs statements and browsing through.
 */
@Configuration(proxyBeanMethods = false)
public class QueryConfiguration {
  @Bean
  QueryService queryService(
      CatalogExecutor executor, GatewayProperties properties, MeterRegistry registry) {
    return new QueryService(executor, properties, registry);
  }

  @Bean
  LakeBrowser lakeBrowser(QueryService queries) {
    return new LakeBrowser(queries);
  }
}
