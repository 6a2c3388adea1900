package dev.featherman.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.testkit.TestingKubernetes;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Kubernetes ServiceAccount tokens over HTTP, decided by a real API server: its TokenReview
 * authenticates the tokens it issued (TokenRequest), its RBAC authorizes the verbs {@code query}
 * and {@code write} on one DuckLakeCatalog, as docs/configuration.md tells operators to grant them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KubernetesAuthIT extends GatewayTestBase {
  static final String NAMESPACE = "lakes";
  static final TestingKubernetes K8S = new TestingKubernetes(NAMESPACE);
  static final String ALICE = grant("alice", "query");
  static final String BOB = grant("bob", "query", "write");

  static {
    // The gateway builds its client like in a pod: from the environment.
    K8S.useAsDefaultCluster();
  }

  /** A ServiceAccount allowed {@code verbs} on catalog "example"; returns a token for it. */
  static String grant(String name, String... verbs) {
    K8S.client
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .build())
        .create();
    K8S.client
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name + "-lake")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .addNewRule()
                .withApiGroups("ducklake.featherman.dev")
                .withResources("ducklakecatalogs")
                .withResourceNames("example")
                .withVerbs(verbs)
                .endRule()
                .build())
        .create();
    K8S.client
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name + "-lake")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", name + "-lake")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(name)
                .withNamespace(NAMESPACE)
                .endSubject()
                .build())
        .create();
    return K8S.client
        .serviceAccounts()
        .inNamespace(NAMESPACE)
        .withName(name)
        .tokenRequest(
            new TokenRequestBuilder()
                .withNewSpec()
                .withAudiences(List.of("featherman-gateway"))
                .withExpirationSeconds(3600L)
                .endSpec()
                .build())
        .getStatus()
        .getToken();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    common(registry, newDataDirectory());
    registry.add("featherman.gateway.kubernetes-auth.enabled", () -> true);
    registry.add("featherman.gateway.kubernetes-auth.namespace", () -> NAMESPACE);
  }

  @AfterAll
  static void stop() {
    K8S.close();
    System.clearProperty("kubernetes.master");
  }

  @Test
  void rbacGovernsQueries() throws Exception {
    GatewayClient c = client();
    assertThat(c.query(ALICE, "SELECT count(*) FROM trips", "example", null).statusCode())
        .isEqualTo(200);
    QueryApiIT.assertProblem(
        c.query(ALICE, "CREATE TABLE t (i INTEGER)", "example", null), 403, "may only read");
    assertThat(c.query(BOB, "CREATE TABLE t (i INTEGER)", "example", null).statusCode())
        .isEqualTo(200);
    QueryApiIT.assertProblem(
        c.query("mallory-token", "SELECT 1", "example", null), 401, "valid token");
    // Alice's token for the API server itself (its default audience) is not for the gateway.
    String apiToken =
        K8S.client
            .serviceAccounts()
            .inNamespace(NAMESPACE)
            .withName("alice")
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    QueryApiIT.assertProblem(c.query(apiToken, "SELECT 1", "example", null), 401, "valid token");
    QueryApiIT.assertProblem(
        c.query(ALICE, "SELECT 1", "sales", null), 403, "may not query catalog 'sales'");
    assertThat(c.query(READER, "SELECT 1", "example", null).statusCode())
        .as("static tokens still work")
        .isEqualTo(200);
  }
}
