package dev.featherman.gateway.auth;

import java.util.List;

/**
 * A caller authenticated by a Kubernetes TokenReview; Kubernetes RBAC decides per catalog, via
 * SubjectAccessReviews for the custom verbs {@code query} and {@code write} on the {@code
 * ducklakecatalogs} resource.
 */
public record KubernetesPrincipal(
    String name, String uid, List<String> groups, KubernetesAuthorizer authorizer)
    implements Principal {
  @Override
  public boolean mayQuery(String catalog) {
    return authorizer.allowed(this, catalog, KubernetesAuthorizer.QUERY_VERB);
  }

  @Override
  public boolean mayWrite(String catalog) {
    return authorizer.allowed(this, catalog, KubernetesAuthorizer.WRITE_VERB);
  }
}
