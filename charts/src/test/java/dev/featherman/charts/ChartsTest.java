package dev.featherman.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The umbrella chart and every subchart, through helm-java (real Helm): lint, render with default
 * and non-default values, parse every manifest as a Kubernetes object, and check what the
 * operators' safety depends on.
 */
class ChartsTest {
  static final Path UMBRELLA = Path.of("featherman");
  static final List<String> SERVICES =
      List.of(
          "controller-service",
          "backup-service",
          "pool-service",
          "query-gateway",
          "webhook-service");

  static Path subchart(String name) {
    return UMBRELLA.resolve("charts").resolve(name);
  }

  static List<HasMetadata> render(Path chart, UnaryOperator<TemplateCommand> values) {
    String yaml =
        values
            .apply(
                new Helm(chart)
                    .template()
                    .withName("fm")
                    .withNamespace("featherman-system")
                    .withKubeVersion("1.31.0"))
            .call();
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.lines().anyMatch(l -> l.startsWith("kind:"))) {
        objects.add(Serialization.unmarshal(doc, HasMetadata.class));
      }
    }
    return objects;
  }

  static <T extends HasMetadata> List<T> of(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "featherman",
        "featherman/charts/controller-service",
        "featherman/charts/backup-service",
        "featherman/charts/pool-service",
        "featherman/charts/query-gateway",
        "featherman/charts/webhook-service"
      })
  void lintsCleanAndRendersParseableObjects(String chart) {
    LintResult lint = new Helm(Path.of(chart)).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    List<HasMetadata> objects = render(Path.of(chart), t -> t);
    assertThat(objects).isNotEmpty();
    assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getName()).isNotBlank());
  }

  @Test
  void theUmbrellaInstallsEveryServiceSafely() {
    List<HasMetadata> all = render(UMBRELLA, t -> t);
    List<Deployment> deployments = of(all, Deployment.class);
    assertThat(deployments)
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "fm-controller-service",
            "fm-backup-service",
            "fm-pool-service",
            "fm-query-gateway",
            "fm-webhook-service");
    for (Deployment d : deployments) {
      var pod = d.getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      Container c = pod.getContainers().get(0);
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getLivenessProbe().getHttpGet().getPath())
          .isEqualTo("/actuator/health/liveness");
      assertThat(c.getReadinessProbe().getHttpGet().getPath())
          .isEqualTo("/actuator/health/readiness");
      assertThat(c.getImage()).startsWith("ghcr.io/featherman/").endsWith(":0.1.0");
      assertThat(c.getResources().getLimits()).containsKey("memory");
    }
    assertThat(of(all, PodDisruptionBudget.class))
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("fm-query-gateway", "fm-webhook-service");
    // Pools may run only images of the release's registry unless configured otherwise.
    assertThat(serviceConfig(all, "fm-webhook-service"))
        .contains("allowed-worker-images")
        .contains("ghcr.io/featherman/");
    assertThat(of(all, CustomResourceDefinition.class))
        .hasSize(4)
        .allSatisfy(
            crd ->
                assertThat(crd.getMetadata().getAnnotations())
                    .containsEntry("helm.sh/resource-policy", "keep"));
    assertThat(of(all, io.fabric8.kubernetes.api.model.ConfigMap.class))
        .filteredOn(c -> c.getMetadata().getLabels().containsKey("grafana_dashboard"))
        .hasSize(4);
    // Self-signed webhook certificate by default, its CA in both registrations, failurePolicy Fail.
    Secret tls =
        of(all, Secret.class).stream()
            .filter(s -> s.getMetadata().getName().equals("fm-webhook-service-tls"))
            .findFirst()
            .orElseThrow();
    String ca = tls.getData().get("ca.crt");
    MutatingWebhookConfiguration mutating = of(all, MutatingWebhookConfiguration.class).get(0);
    ValidatingWebhookConfiguration validating =
        of(all, ValidatingWebhookConfiguration.class).get(0);
    assertThat(mutating.getWebhooks().get(0).getClientConfig().getCaBundle()).isEqualTo(ca);
    assertThat(validating.getWebhooks().get(0).getClientConfig().getCaBundle()).isEqualTo(ca);
    assertThat(validating.getWebhooks().get(0).getFailurePolicy()).isEqualTo("Fail");
    assertThat(validating.getWebhooks().get(0).getClientConfig().getService().getName())
        .isEqualTo("fm-webhook-service");
    assertThat(validating.getWebhooks().get(0).getRules().get(0).getResources())
        .containsExactlyInAnyOrder(
            "ducklakecatalogs", "ducklaketables", "ducklakepools", "ducklakebackups");
    // The gateway and the pool-service share one generated worker token.
    assertThat(of(all, Secret.class))
        .extracting(s -> s.getMetadata().getName())
        .contains("fm-worker-token");
  }

  @Test
  void nonDefaultValuesAreHonoured() {
    List<HasMetadata> all =
        render(
            UMBRELLA,
            t ->
                t.set("global.image.registry", "registry.example.com/data")
                    .set("global.image.tag", "1.2.3")
                    .set("global.imagePullSecrets[0].name", "pull")
                    .set("webhook-service.certificates.mode", "cert-manager")
                    .set("query-gateway.serviceMonitor.enabled", "true")
                    .set("query-gateway.replicaCount", "3")
                    .set("pool-service.networkPolicy.workerNamespaces[0]", "analytics")
                    .set("backup-service.enabled", "false")
                    .set("crds.install", "false")
                    .set("controller-service.config.wait-interval", "20s"));
    List<Deployment> deployments = of(all, Deployment.class);
    assertThat(deployments).hasSize(4);
    assertThat(deployments)
        .allSatisfy(
            d -> {
              assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                  .startsWith("registry.example.com/data/")
                  .endsWith(":1.2.3");
              assertThat(d.getSpec().getTemplate().getSpec().getImagePullSecrets())
                  .extracting(r -> r.getName())
                  .containsExactly("pull");
            });
    assertThat(of(all, CustomResourceDefinition.class)).isEmpty();
    assertThat(
            deployments.stream()
                .filter(d -> d.getMetadata().getName().equals("fm-query-gateway"))
                .findFirst()
                .orElseThrow()
                .getSpec()
                .getReplicas())
        .isEqualTo(3);
    List<GenericKubernetesResource> generic = of(all, GenericKubernetesResource.class);
    assertThat(generic)
        .extracting(HasMetadata::getKind)
        .contains("ServiceMonitor", "Certificate", "Issuer");
    assertThat(of(all, ValidatingWebhookConfiguration.class).get(0).getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/inject-ca-from", "featherman-system/fm-webhook-service");
    NetworkPolicy policy = of(all, NetworkPolicy.class).get(0);
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("analytics");
    assertThat(
            policy
                .getSpec()
                .getIngress()
                .get(0)
                .getFrom()
                .get(0)
                .getPodSelector()
                .getMatchExpressions()
                .get(0)
                .getValues())
        .as("only the gateway and the pool-service reach workers")
        .containsExactlyInAnyOrder("query-gateway", "pool-service");
    String controllerConfig = serviceConfig(all, "fm-controller-service");
    assertThat(controllerConfig)
        .contains("wait-interval: 20s")
        .contains("lease-namespace: featherman-system")
        .contains("worker-image: registry.example.com/data/worker:1.2.3");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "query-gateway.mode=weird",
        "query-gateway.replicaCount=0",
        "webhook-service.certificates.mode=vault",
        "webhook-service.failurePolicy=Sometimes",
        "controller-service.image.pullPolicy=Sometimes",
        "crd.install=true",
        "global.watchNamespaces[0]=Not_A_Namespace",
        "pool-service.serviceMonitor.interval=often"
      })
  void valuesSchemaRejectsBadValues(String setting) {
    String[] kv = setting.split("=", 2);
    assertThatThrownBy(() -> render(UMBRELLA, t -> t.set(kv[0], kv[1])))
        .hasMessageContaining("values don't meet the specifications of the schema");
  }

  @Test
  void rbacIsLeastPrivilege() {
    List<HasMetadata> all = render(UMBRELLA, t -> t);
    List<PolicyRule> rules = new ArrayList<>();
    of(all, ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
    of(all, Role.class).forEach(r -> rules.addAll(r.getRules()));
    assertThat(rules).isNotEmpty();
    for (PolicyRule rule : rules) {
      assertThat(
              Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs())
                  .flatMap(List::stream))
          .as(rule.toString())
          .doesNotContain("*");
    }
    Map<String, List<PolicyRule>> roles = new java.util.HashMap<>();
    of(all, ClusterRole.class).forEach(r -> roles.put(r.getMetadata().getName(), r.getRules()));
    of(all, Role.class).forEach(r -> roles.put(r.getMetadata().getName(), r.getRules()));
    assertThat(verbs(roles.get("fm-webhook-service"), "ducklakecatalogs")).containsExactly("get");
    // A fallback Job's token Secret is owned by the Job: the garbage collector deletes it.
    assertThat(verbs(roles.get("fm-query-gateway"), "secrets")).containsExactly("create");
    assertThat(verbs(roles.get("fm-backup-service"), "ducklakecatalogs/status"))
        .doesNotContain("update");
    assertThat(verbs(roles.get("fm-controller-service"), "secrets")).containsExactly("get");
    // The pool-service makes each pool's PodDisruptionBudget and never changes or deletes one.
    assertThat(verbs(roles.get("fm-pool-service"), "poddisruptionbudgets"))
        .containsExactlyInAnyOrder("get", "create");
    // The gateway serves one namespace: everything but token checks is a Role there.
    assertThat(of(all, Role.class))
        .anySatisfy(r -> assertThat(r.getMetadata().getName()).isEqualTo("fm-query-gateway"));
    assertThat(roles.get("fm-query-gateway-cluster"))
        .flatExtracting(PolicyRule::getResources)
        .containsExactlyInAnyOrder("tokenreviews", "subjectaccessreviews");
  }

  @Test
  void withWatchedNamespacesOnlyClusterScopedResourcesAreGrantedClusterWide() {
    List<HasMetadata> all =
        render(
            UMBRELLA,
            t ->
                t.set("global.watchNamespaces[0]", "team-a")
                    .set("global.watchNamespaces[1]", "team-b"));
    java.util.Set<String> clusterScoped =
        java.util.Set.of("storageclasses", "tokenreviews", "subjectaccessreviews");
    assertThat(of(all, ClusterRole.class))
        .allSatisfy(
            r ->
                assertThat(r.getRules())
                    .flatExtracting(PolicyRule::getResources)
                    .as(r.getMetadata().getName())
                    .isSubsetOf(clusterScoped));
    for (String service :
        List.of("controller-service", "pool-service", "backup-service", "webhook-service")) {
      assertThat(of(all, Role.class))
          .filteredOn(r -> r.getMetadata().getName().equals("fm-" + service))
          .extracting(r -> r.getMetadata().getNamespace())
          .as(service)
          .containsExactlyInAnyOrder("team-a", "team-b");
    }
    assertThat(of(all, io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class))
        .extracting(p -> p.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(
            of(
                    all,
                    io.fabric8.kubernetes.api.model.admissionregistration.v1
                        .ValidatingWebhookConfiguration.class)
                .get(0)
                .getWebhooks()
                .get(0)
                .getNamespaceSelector()
                .getMatchExpressions()
                .get(0)
                .getValues())
        .containsExactly("team-a", "team-b");
    // The pool-service is told the same image policy as the webhook.
    assertThat(serviceConfig(all, "fm-pool-service"))
        .contains("allowed-worker-images")
        .contains("ghcr.io/featherman/")
        .contains("callers-namespace");
  }

  /** The application.yaml a service's ConfigMap gives it. */
  @Test
  void theDefaultImagesAreTheOnesMakeImagesBuilds() {
    List<HasMetadata> all = render(UMBRELLA, t -> t);
    java.util.Set<String> referenced = new java.util.TreeSet<>();
    of(all, Deployment.class)
        .forEach(
            d ->
                referenced.add(
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
    java.util.regex.Pattern workerImage = java.util.regex.Pattern.compile("worker-image: (\\S+)");
    for (var map : of(all, io.fabric8.kubernetes.api.model.ConfigMap.class)) {
      String yaml = map.getData().getOrDefault("application.yaml", "");
      workerImage.matcher(yaml).results().forEach(m -> referenced.add(m.group(1)));
    }
    assertThat(referenced)
        .as("images the chart runs by default, against scripts/build-images.sh --list")
        .containsExactlyInAnyOrderElementsOf(dev.featherman.testkit.TestingImages.references());
  }

  static String serviceConfig(List<HasMetadata> all, String configMap) {
    return of(all, io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
        .filter(m -> m.getMetadata().getName().equals(configMap))
        .findFirst()
        .orElseThrow()
        .getData()
        .get("application.yaml");
  }

  static List<String> verbs(List<PolicyRule> rules, String resource) {
    return rules.stream()
        .filter(r -> r.getResources().contains(resource))
        .flatMap(r -> r.getVerbs().stream())
        .toList();
  }

  @Test
  void theChartsCrdsAreTheGeneratedOnes() throws Exception {
    try (Stream<Path> files = Files.list(UMBRELLA.resolve("files/crds"))) {
      List<Path> crds = files.sorted().toList();
      assertThat(crds).hasSize(4);
      for (Path crd : crds) {
        try (InputStream generated =
            getClass().getResourceAsStream("/META-INF/fabric8/" + crd.getFileName())) {
          assertThat(generated).as("generated " + crd.getFileName()).isNotNull();
          assertThat(Files.readString(crd))
              .as(crd + " is stale: run make crds")
              .isEqualTo(new String(generated.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "controller-service",
        "backup-service",
        "pool-service",
        "query-gateway",
        "webhook-service"
      })
  void everySubchartInstallsOnItsOwnWithDefaultAndOtherValues(String name) {
    List<HasMetadata> objects = render(subchart(name), t -> t);
    assertThat(of(objects, Deployment.class)).hasSize(1);
    assertThat(of(objects, Service.class)).hasSize(1);
    assertThat(of(objects, CustomResourceDefinition.class)).isEmpty();

    List<HasMetadata> custom =
        render(
            subchart(name),
            t ->
                t.set("global.image.tag", "9.9.9")
                    .set("replicaCount", "3")
                    .set("serviceMonitor.enabled", "true")
                    .set("resources.limits.memory", "1Gi"));
    Deployment d = of(custom, Deployment.class).get(0);
    assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).endsWith("/" + name + ":9.9.9");
    assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
    assertThat(of(custom, GenericKubernetesResource.class))
        .extracting(HasMetadata::getKind)
        .contains("ServiceMonitor");
  }
}
