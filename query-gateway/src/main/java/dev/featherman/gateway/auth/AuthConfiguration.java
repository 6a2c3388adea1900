package dev.featherman.gateway.auth;

import dev.featherman.gateway.api.RequestGuard;
import dev.featherman.gateway.config.GatewayProperties;
import dev.featherman.gateway.embedded.EmbeddedToken;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who may call the gateway: static tokens, the embedded owner token, Kubernetes identities. */
@Configuration(proxyBeanMethods = false)
public class AuthConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnExpression(
      "${featherman.gateway.kubernetes-auth.enabled:false}"
          + " or '${featherman.gateway.mode:embedded}' == 'cluster'")
  KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }

  @Bean
  TokenAuthenticator tokenAuthenticator(
      GatewayProperties properties, ObjectProvider<KubernetesClient> kubernetes) {
    GatewayProperties.KubernetesAuth k8s = properties.kubernetesAuth();
    KubernetesAuthorizer authorizer =
        k8s.enabled()
            ? new KubernetesAuthorizer(
                kubernetes.getObject(),
                k8s.namespace(),
                k8s.audiences(),
                k8s.cacheTtl(),
                Clock.systemUTC())
            : null;
    TokenAuthenticator authenticator = new TokenAuthenticator(properties.tokens(), authorizer);
    if (properties.embedded().ownerToken() && "embedded".equals(properties.mode())) {
      Path root = Paths.get(properties.embedded().dataDirectory()).toAbsolutePath().normalize();
      String token =
          EmbeddedToken.resolve(System.getenv(EmbeddedToken.ENV), root, System.out::println);
      authenticator.addToken(
          token,
          new StaticPrincipal("embedded-owner", Set.of(properties.embedded().catalog()), true));
    }
    return authenticator;
  }

  /** Authentication and the body cap, before any query body is read. */
  @Bean
  FilterRegistrationBean<RequestGuard> requestGuard(
      TokenAuthenticator authenticator, GatewayProperties properties) {
    FilterRegistrationBean<RequestGuard> registration =
        new FilterRegistrationBean<>(
            new RequestGuard(authenticator, properties.limits().maxBodyBytes()));
    registration.addUrlPatterns(
        "/query", "/v1/queries", "/v1/queries/*", "/v1/catalogs", "/v1/catalogs/*");
    return registration;
  }
}
