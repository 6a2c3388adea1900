package dev.featherman.gateway.api;

import dev.featherman.gateway.config.GatewayProperties;
import dev.featherman.gateway.executor.CatalogExecutor;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

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

  /**
   * Request bodies as their schema says: a number or boolean where a string belongs (a catalog
   * name, a query id) is a 400, not quietly turned into text.
   */
  @Bean
  JsonMapperBuilderCustomizer stringsAreStrings() {
    return builder ->
        builder.withCoercionConfig(
            LogicalType.Textual,
            config ->
                config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
  }
}
