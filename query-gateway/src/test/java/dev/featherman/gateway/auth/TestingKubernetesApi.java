package dev.featherman.gateway.auth;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mock API server that answers TokenReviews and SubjectAccessReviews like a cluster whose RBAC
 * grants: alice may {@code query} catalog "example" in namespace "lakes"; bob may {@code query} and
 * {@code write} it. Counts the reviews it answered.
 */
public final class TestingKubernetesApi implements AutoCloseable {
  public static final String NAMESPACE = "lakes";
  static final Map<String, String> USERS = Map.of("alice-token", "alice", "bob-token", "bob");
  static final Map<String, Set<String>> GRANTS =
      Map.of("alice", Set.of("query"), "bob", Set.of("query", "write"));

  public final KubernetesMockServer server = new KubernetesMockServer(false);
  public final AtomicInteger tokenReviews = new AtomicInteger();
  public final AtomicInteger accessReviews = new AtomicInteger();

  public TestingKubernetesApi() {
    server.init();
    server
        .expect()
        .post()
        .withPath("/apis/authentication.k8s.io/v1/tokenreviews")
        .andReply(
            201,
            request -> {
              tokenReviews.incrementAndGet();
              TokenReview review =
                  Serialization.unmarshal(request.getUtf8Body(), TokenReview.class);
              String user = USERS.get(review.getSpec().getToken());
              review.setStatus(
                  user == null
                      ? new TokenReviewStatusBuilder().withAuthenticated(false).build()
                      : new TokenReviewStatusBuilder()
                          .withAuthenticated(true)
                          .withNewUser()
                          .withUsername(user)
                          .withUid("uid-" + user)
                          .withGroups(List.of("analysts"))
                          .endUser()
                          .build());
              return review;
            })
        .always();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews")
        .andReply(
            201,
            request -> {
              accessReviews.incrementAndGet();
              SubjectAccessReview review =
                  Serialization.unmarshal(request.getUtf8Body(), SubjectAccessReview.class);
              var spec = review.getSpec();
              var attributes = spec.getResourceAttributes();
              boolean allowed =
                  attributes != null
                      && "ducklake.featherman.dev".equals(attributes.getGroup())
                      && "ducklakecatalogs".equals(attributes.getResource())
                      && NAMESPACE.equals(attributes.getNamespace())
                      && "example".equals(attributes.getName())
                      && GRANTS
                          .getOrDefault(spec.getUser(), Set.of())
                          .contains(attributes.getVerb());
              review.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(allowed).build());
              return review;
            })
        .always();
  }

  /** Base URL of the mock API server. */
  public String url() {
    return server.url("/");
  }

  @Override
  public void close() {
    server.destroy();
  }
}
