package dev.featherman.gateway.auth;

import dev.featherman.api.ApiGroup;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes as identity and policy source: TokenReview tells who a bearer token belongs to,
 * SubjectAccessReview whether RBAC lets that user {@code query} (read) or {@code write} a
 * DuckLakeCatalog. Decisions are cached briefly (keyed by a token digest, never the token) so
 * queries do not each cost API-server calls.
 */
public final class KubernetesAuthorizer {
  /** RBAC verb on ducklakecatalogs that allows read-only SQL. */
  public static final String QUERY_VERB = "query";

  /** RBAC verb on ducklakecatalogs that allows SQL that changes data. */
  public static final String WRITE_VERB = "write";

  static final String RESOURCE = "ducklakecatalogs";

  private static final Logger log = LoggerFactory.getLogger(KubernetesAuthorizer.class);

  private final KubernetesClient client;
  private final String namespace;
  private final List<String> audiences;
  private final ExpiringCache<String, Optional<KubernetesPrincipal>> identities;
  private final ExpiringCache<String, Boolean> decisions;

  /**
   * @param namespace namespace of the DuckLakeCatalogs this gateway serves
   * @param audiences token audiences to require (empty: the API server's defaults)
   * @param ttl how long decisions are reused
   */
  public KubernetesAuthorizer(
      KubernetesClient client,
      String namespace,
      List<String> audiences,
      Duration ttl,
      Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.audiences = List.copyOf(audiences);
    this.identities = new ExpiringCache<>(ttl, 10_000, clock);
    this.decisions = new ExpiringCache<>(ttl, 100_000, clock);
  }

  /** The user behind a token, if the API server authenticates it. */
  public Optional<Principal> authenticate(String token) {
    return identities.get(TokenAuthenticator.sha256Hex(token), () -> review(token)).map(p -> p);
  }

  boolean allowed(KubernetesPrincipal principal, String catalog, String verb) {
    String key =
        principal.uid() + "\u0000" + principal.name() + "\u0000" + catalog + "\u0000" + verb;
    return decisions.get(key, () -> accessReview(principal, catalog, verb));
  }

  private Optional<KubernetesPrincipal> review(String token) {
    TokenReview request =
        new TokenReviewBuilder()
            .withNewSpec()
            .withToken(token)
            .withAudiences(audiences)
            .endSpec()
            .build();
    try {
      TokenReview result = client.resource(request).create();
      if (result.getStatus() == null
          || !Boolean.TRUE.equals(result.getStatus().getAuthenticated())
          || !audiencesMatch(result.getStatus().getAudiences())) {
        return Optional.empty();
      }
      var user = result.getStatus().getUser();
      return Optional.of(
          new KubernetesPrincipal(
              user.getUsername(),
              user.getUid() == null ? "" : user.getUid(),
              user.getGroups() == null ? List.of() : List.copyOf(user.getGroups()),
              this));
    } catch (KubernetesClientException e) {
      log.warn("TokenReview failed ({}); treating the token as unauthenticated", e.getCode());
      return Optional.empty();
    }
  }

  /**
   * The API server answers with the audiences the token and the request share; an authenticator
   * that ignores them would pass any token, so an empty answer to a request that named audiences
   * means "not for us".
   */
  private boolean audiencesMatch(List<String> granted) {
    return audiences.isEmpty()
        || (granted != null && granted.stream().anyMatch(audiences::contains));
  }

  private boolean accessReview(KubernetesPrincipal principal, String catalog, String verb) {
    // A catalog of another namespace is named namespace/name (cluster mode serves several).
    int slash = catalog.indexOf('/');
    String catalogNamespace = slash < 0 ? namespace : catalog.substring(0, slash);
    String catalogName = catalog.substring(slash + 1);
    SubjectAccessReview request =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(principal.name())
            .withUid(principal.uid())
            .withGroups(principal.groups())
            .withNewResourceAttributes()
            .withGroup(ApiGroup.GROUP)
            .withResource(RESOURCE)
            .withName(catalogName)
            .withNamespace(catalogNamespace)
            .withVerb(verb)
            .endResourceAttributes()
            .endSpec()
            .build();
    try {
      SubjectAccessReview result = client.resource(request).create();
      return result.getStatus() != null && Boolean.TRUE.equals(result.getStatus().getAllowed());
    } catch (KubernetesClientException e) {
      log.warn(
          "SubjectAccessReview failed ({}); denying {} on catalog {}", e.getCode(), verb, catalog);
      return false;
    }
  }
}
