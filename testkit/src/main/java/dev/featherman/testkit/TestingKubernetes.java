package dev.featherman.testkit;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * A Kubernetes API for tests: fabric8's mock server in CRUD mode with Featherman's generated CRDs
 * created first (status-subresource semantics depend on them).
 */
public final class TestingKubernetes implements AutoCloseable {
  private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();

  /** CRUD for everything, except requests a test registered an expectation for. */
  public final KubernetesMockServer server =
      new KubernetesMockServer(
          new Context(),
          new MockWebServer(),
          expectations,
          new KubernetesMixedDispatcher(expectations),
          false);

  public final KubernetesClient client;

  public TestingKubernetes(String... namespaces) {
    server.init();
    client = server.createClient();
    for (String plural :
        List.of("ducklakecatalogs", "ducklaketables", "ducklakepools", "ducklakebackups")) {
      String path = "/META-INF/fabric8/" + plural + ".ducklake.featherman.dev-v1.yml";
      try (InputStream in = TestingKubernetes.class.getResourceAsStream(path)) {
        client.resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    for (String ns : namespaces) {
      client
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
  }

  /**
   * Answers SelfSubjectRulesReviews (which the CRUD mock cannot) as an RBAC that lets the caller
   * use Leases: the Java Operator SDK checks that before leader election.
   */
  public void allowLeases() {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReply(
            201,
            request -> {
              var review =
                  Serialization.unmarshal(
                      request.getUtf8Body(),
                      io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview
                          .class);
              review.setStatus(
                  new io.fabric8.kubernetes.api.model.authorization.v1
                          .SubjectRulesReviewStatusBuilder()
                      .addNewResourceRule()
                      .withApiGroups("coordination.k8s.io")
                      .withResources("leases")
                      .withVerbs("get", "list", "watch", "create", "update", "patch")
                      .endResourceRule()
                      .withIncomplete(false)
                      .build());
              return review;
            })
        .always();
  }

  /** Makes clients built from the environment (as the services build theirs) use this server. */
  public void useAsDefaultCluster() {
    System.setProperty("kubernetes.master", url());
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    System.setProperty("kubernetes.auth.tryServiceAccount", "false");
  }

  /** A Secret with S3 keys under the README's default key names. */
  public void createS3Secret(String namespace, String name, String accessKey, String secretKey) {
    createCredentialsSecret(
        namespace, name, Map.of("access-key", accessKey, "secret-key", secretKey));
  }

  /** A Secret with the PostgreSQL user and password under the default key names. */
  public void createPostgresSecret(String namespace, String name) {
    createCredentialsSecret(
        namespace,
        name,
        Map.of("username", TestingPostgres.USER, "password", TestingPostgres.PASSWORD));
  }

  /** A Secret its owner marked for catalogs ({@code ducklake.featherman.dev/credentials=true}). */
  public void createCredentialsSecret(String namespace, String name, Map<String, String> data) {
    createSecret(namespace, name, data, Map.of("ducklake.featherman.dev/credentials", "true"));
  }

  /** An opaque Secret with {@code data} as stringData. */
  public void createSecret(String namespace, String name, Map<String, String> data) {
    createSecret(namespace, name, data, Map.of());
  }

  private void createSecret(
      String namespace, String name, Map<String, String> data, Map<String, String> labels) {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withStringData(data)
                .build())
        .create();
  }

  /** A StorageClass, for catalogs that name one. */
  public void createStorageClass(String name) {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withProvisioner("test")
                .build())
        .create();
  }

  /** The URL a client built from the environment should use (kubernetes.master). */
  public String url() {
    return server.url("/");
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
