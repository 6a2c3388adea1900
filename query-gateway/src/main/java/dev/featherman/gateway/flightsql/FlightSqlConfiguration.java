package dev.featherman.gateway.flightsql;

import dev.featherman.gateway.api.LakeBrowser;
import dev.featherman.gateway.api.QueryService;
import dev.featherman.gateway.auth.TokenAuthenticator;
import dev.featherman.gateway.config.GatewayProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Serves Flight SQL unless {@code featherman.gateway.flight-sql.enabled} is false. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "featherman.gateway.flight-sql.enabled",
    havingValue = "true",
    matchIfMissing = true)
public class FlightSqlConfiguration {
  @Bean(destroyMethod = "close")
  FlightSqlEndpoint flightSqlEndpoint(
      GatewayProperties properties,
      QueryService queries,
      LakeBrowser browser,
      TokenAuthenticator tokens) {
    return new FlightSqlEndpoint(properties.flightSql(), queries, browser, tokens);
  }
}
