package dev.featherman.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.gateway.auth.TestingKubernetesApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Kubernetes ServiceAccount tokens over HTTP: RBAC governs who may read and write a catalog. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KubernetesAuthIT extends GatewayTestBase {
  static final TestingKubernetesApi API = new TestingKubernetesApi();

  static {
    // The gateway builds its client like in a pod: from the environment, here pointed at the mock.
    System.setProperty("kubernetes.master", API.url());
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    System.setProperty("kubernetes.auth.tryServiceAccount", "false");
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    common(registry, newDataDirectory());
    registry.add("featherman.gateway.kubernetes-auth.enabled", () -> true);
    registry.add(
        "featherman.gateway.kubernetes-auth.namespace", () -> TestingKubernetesApi.NAMESPACE);
  }

  @AfterAll
  static void stop() {
    API.close();
    System.clearProperty("kubernetes.master");
  }

  @Test
  void rbacGovernsQueries() throws Exception {
    GatewayClient c = client();
    assertThat(c.query("alice-token", "SELECT count(*) FROM trips", "example", null).statusCode())
        .isEqualTo(200);
    QueryApiIT.assertProblem(
        c.query("alice-token", "CREATE TABLE t (i INTEGER)", "example", null),
        403,
        "may only read");
    assertThat(c.query("bob-token", "CREATE TABLE t (i INTEGER)", "example", null).statusCode())
        .isEqualTo(200);
    QueryApiIT.assertProblem(
        c.query("mallory-token", "SELECT 1", "example", null), 401, "valid token");
    QueryApiIT.assertProblem(
        c.query("alice-token", "SELECT 1", "sales", null), 403, "may not query catalog 'sales'");
    assertThat(c.query(READER, "SELECT 1", "example", null).statusCode())
        .as("static tokens still work")
        .isEqualTo(200);
  }
}
