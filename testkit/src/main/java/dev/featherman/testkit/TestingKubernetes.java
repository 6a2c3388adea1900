package dev.featherman.testkit;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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
import java.util.concurrent.TimeUnit;

/**
 * A Kubernetes API for tests with Featherman's generated CRDs installed: by default a real
 * kube-apiserver on loopback ({@link TestingApiServer}), so schema validation, status subresources,
 * patch semantics, admission and RBAC are the server's own. {@link #mock} gives fabric8's CRUD mock
 * instead, only for tests that need no API semantics (or that script answers the mock cannot give).
 */
public final class TestingKubernetes implements AutoCloseable {
  private static final List<String> PLURALS =
      List.of("ducklakecatalogs", "ducklaketables", "ducklakepools", "ducklakebackups");

  private final TestingApiServer apiServer;
  private final KubernetesMockServer mockServer;
  private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();

  public final KubernetesClient client;

  /** A real API server with the CRDs and {@code namespaces}. */
  public TestingKubernetes(String... namespaces) {
    this(true, true, namespaces);
  }

  /** A real API server without the CRDs (for installing them the way a user does: helm). */
  public static TestingKubernetes withoutCrds(String... namespaces) {
    return new TestingKubernetes(true, false, namespaces);
  }

  /** fabric8's CRUD mock with the CRDs and {@code namespaces}: no API semantics. */
  public static TestingKubernetes mock(String... namespaces) {
    return new TestingKubernetes(false, true, namespaces);
  }

  private TestingKubernetes(boolean real, boolean crds, String... namespaces) {
    if (real) {
      mockServer = null;
      apiServer = TestingApiServer.start();
      client = new KubernetesClientBuilder().withConfig(adminConfig()).build();
    } else {
      apiServer = null;
      mockServer =
          new KubernetesMockServer(
              new Context(),
              new MockWebServer(),
              expectations,
              new KubernetesMixedDispatcher(expectations),
              false);
      mockServer.init();
      client = mockServer.createClient();
    }
    if (crds) {
      installCrds();
    }
    for (String ns : namespaces) {
      if (client.namespaces().withName(ns).get() == null) {
        client
            .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
            .create();
      }
    }
  }

  private void installCrds() {
    for (String plural : PLURALS) {
      String path = "/META-INF/fabric8/" + plural + ".ducklake.featherman.dev-v1.yml";
      try (InputStream in = TestingKubernetes.class.getResourceAsStream(path)) {
        client.resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    if (apiServer != null) {
      for (String plural : PLURALS) {
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(plural + ".ducklake.featherman.dev")
            .waitUntilCondition(TestingKubernetes::established, 60, TimeUnit.SECONDS);
      }
    }
  }

  /** Whether the API server serves {@code crd} yet (its Established condition). */
  public static boolean established(CustomResourceDefinition crd) {
    // Right after creation the status may have no conditions yet.
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The admin's client configuration (real server only). */
  public Config adminConfig() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(apiServer().url())
        .withOauthToken(apiServer().adminToken())
        .withCaCertFile(apiServer().caFile().toString())
        .withRequestTimeout(30_000)
        .build();
  }

  /**
   * A client acting as {@code user} in {@code groups} (impersonated by the admin), so RBAC decides
   * what it may do, as for a pod running under that identity.
   */
  public KubernetesClient clientAs(String user, String... groups) {
    Config config = adminConfig();
    config.setImpersonateUsername(user);
    config.setImpersonateGroups(groups);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The real API server; fails for a mock. */
  public TestingApiServer apiServer() {
    if (apiServer == null) {
      throw new IllegalStateException("this TestingKubernetes is the fabric8 mock");
    }
    return apiServer;
  }

  /** The fabric8 mock server, for scripted answers; fails for a real API server. */
  public KubernetesMockServer mockServer() {
    if (mockServer == null) {
      throw new IllegalStateException("this TestingKubernetes is a real API server");
    }
    return mockServer;
  }

  /** Whether this is a real API server. */
  public boolean isReal() {
    return apiServer != null;
  }

  /**
   * Answers SelfSubjectRulesReviews (which the CRUD mock cannot) as an RBAC that lets the caller
   * use Leases: the Java Operator SDK checks that before leader election. A real API server answers
   * from its own RBAC.
   */
  public void allowLeases() {
    if (mockServer == null) {
      return;
    }
    mockServer
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
    if (apiServer != null) {
      System.setProperty("kubernetes.auth.token", apiServer.adminToken());
      System.setProperty("kubernetes.certs.ca.file", apiServer.caFile().toString());
    } else {
      System.clearProperty("kubernetes.auth.token");
      System.clearProperty("kubernetes.certs.ca.file");
    }
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
    return apiServer != null ? apiServer.url() : mockServer.url("/");
  }

  @Override
  public void close() {
    client.close();
    if (apiServer != null) {
      apiServer.close();
    } else {
      mockServer.destroy();
    }
  }
}
