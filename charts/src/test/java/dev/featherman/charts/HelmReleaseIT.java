package dev.featherman.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.testkit.Command;
import dev.featherman.testkit.TestingKubernetes;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The umbrella chart with the real helm against a real API server: install, upgrade with a CRD
 * change, uninstall. The webhook-service is disabled here, since its registrations point at a
 * Service address, which tests must never make the API server dial (RealAdmissionIT and the system
 * test register it by a loopback URL instead).
 */
class HelmReleaseIT {
  static final String RELEASE_NS = "featherman-system";
  static final String CATALOGS = "ducklakecatalogs.ducklake.featherman.dev";

  @TempDir Path scratch;

  @Test
  void installUpgradeWithACrdChangeAndUninstallKeepingCrdsAndObjects() throws Exception {
    try (TestingKubernetes k8s = TestingKubernetes.withoutCrds("lakes")) {
      String kubeconfig = k8s.apiServer().kubeconfig().toString();

      Command.Result install =
          helm(
              kubeconfig,
              "install",
              "featherman",
              chartDirectory().toString(),
              "--create-namespace");
      assertThat(install.exitCode()).as(install.stderr()).isZero();
      assertThat(install.stdout()).contains("STATUS: deployed");
      CustomResourceDefinition installed =
          k8s.client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(CATALOGS)
              .waitUntilCondition(TestingKubernetes::established, 60, TimeUnit.SECONDS);
      assertThat(installed.getMetadata().getAnnotations())
          .containsEntry("helm.sh/resource-policy", "keep");
      assertThat(k8s.client.apps().deployments().inNamespace(RELEASE_NS).list().getItems())
          .extracting(d -> d.getMetadata().getName())
          .containsExactlyInAnyOrder(
              "featherman-controller-service",
              "featherman-pool-service",
              "featherman-backup-service",
              "featherman-query-gateway");
      kubectl(kubeconfig, catalog("kept", "")).orFail();

      // A new field in the catalog CRD, as a release that adds one ships it.
      Path upgraded = copyChart(scratch.resolve("featherman"));
      addCatalogField(upgraded, "upgradeProbe");
      Command.Result upgrade = helm(kubeconfig, "upgrade", "featherman", upgraded.toString());
      assertThat(upgrade.exitCode()).as(upgrade.stderr()).isZero();
      assertThat(upgrade.stdout()).contains("REVISION: 2");
      kubectl(kubeconfig, catalog("probed", "  upgradeProbe: kept\n")).orFail();
      String probe =
          Command.run(
                  "kubectl",
                  null,
                  "--kubeconfig",
                  kubeconfig,
                  "-n",
                  "lakes",
                  "get",
                  "ducklakecatalog",
                  "probed",
                  "-o",
                  "jsonpath={.spec.upgradeProbe}")
              .orFail();
      assertThat(probe).as("the upgraded schema keeps the new field").isEqualTo("kept");

      Command.Result uninstall = helm(kubeconfig, "uninstall", "featherman");
      assertThat(uninstall.exitCode()).as(uninstall.stderr()).isZero();
      assertThat(uninstall.stdout() + uninstall.stderr())
          .contains("kept due to the resource policy");
      assertThat(
              k8s.client.apiextensions().v1().customResourceDefinitions().withName(CATALOGS).get())
          .as("CRDs survive the uninstall")
          .isNotNull();
      assertThat(
              k8s.client
                  .genericKubernetesResources("ducklake.featherman.dev/v1alpha1", "DuckLakeCatalog")
                  .inNamespace("lakes")
                  .list()
                  .getItems())
          .as("and so does every catalog")
          .hasSize(2);
      assertThat(k8s.client.apps().deployments().inNamespace(RELEASE_NS).list().getItems())
          .isEmpty();
    }
  }

  @Test
  void withWatchedNamespacesEachServiceMayActThereAndNowhereElse() throws Exception {
    try (TestingKubernetes k8s = TestingKubernetes.withoutCrds("team-a")) {
      String kubeconfig = k8s.apiServer().kubeconfig().toString();
      k8s.client
          .resource(
              new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                  .withNewMetadata()
                  .withName("team-b")
                  .endMetadata()
                  .build())
          .create();
      Command.Result install =
          helm(
              kubeconfig,
              "install",
              "featherman",
              chartDirectory().toString(),
              "--create-namespace",
              "--set",
              "global.watchNamespaces={team-a}",
              "--set",
              "query-gateway.catalogNamespace=team-a");
      assertThat(install.exitCode()).as(install.stderr()).isZero();
      // The API server's authorizer decides, for each service's ServiceAccount.
      for (String service :
          List.of("controller-service", "pool-service", "backup-service", "query-gateway")) {
        String user = "system:serviceaccount:" + RELEASE_NS + ":featherman-" + service;
        assertThat(allowed(k8s, user, "team-a", "list", "", "pods"))
            .as(service + " lists pods in team-a")
            .isTrue();
        for (String[] attempt :
            List.of(
                new String[] {"list", "", "pods"},
                new String[] {"get", "", "secrets"},
                new String[] {"list", "ducklake.featherman.dev", "ducklakecatalogs"},
                new String[] {"create", "batch", "jobs"})) {
          assertThat(allowed(k8s, user, "team-b", attempt))
              .as(service + " may not " + String.join(" ", attempt) + " in team-b")
              .isFalse();
        }
      }
      // The gateway checks callers' tokens cluster-wide; nothing else is cluster-wide for it.
      String gateway = "system:serviceaccount:" + RELEASE_NS + ":featherman-query-gateway";
      assertThat(allowed(k8s, gateway, "", "create", "authentication.k8s.io", "tokenreviews"))
          .isTrue();
      assertThat(
              k8s.client
                  .network()
                  .v1()
                  .networkPolicies()
                  .inNamespace("team-a")
                  .withName("featherman-pool-service-workers")
                  .get())
          .as("the workers' NetworkPolicy of the watched namespace")
          .isNotNull();
      assertThat(helm(kubeconfig, "uninstall", "featherman").exitCode()).isZero();
    }
  }

  /** What the API server's authorizer answers for {@code user} (a ServiceAccount). */
  static boolean allowed(TestingKubernetes k8s, String user, String namespace, String... verb) {
    return k8s.client
        .authorization()
        .v1()
        .subjectAccessReview()
        .create(
            new io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(user)
                .withGroups("system:serviceaccounts", "system:authenticated")
                .withNewResourceAttributes()
                .withNamespace(namespace)
                .withVerb(verb[0])
                .withGroup(verb[1])
                .withResource(verb[2])
                .endResourceAttributes()
                .endSpec()
                .build())
        .getStatus()
        .getAllowed();
  }

  /** helm as a user runs it; install and upgrade leave the webhook-service out. */
  static Command.Result helm(String kubeconfig, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--kubeconfig", kubeconfig, "-n", RELEASE_NS));
    if (!args[0].equals("uninstall")) {
      all.addAll(List.of("--set", "webhook-service.enabled=false"));
    }
    return Command.run("helm", null, all.toArray(String[]::new));
  }

  static Command.Result kubectl(String kubeconfig, String yaml) {
    return Command.run("kubectl", yaml, "--kubeconfig", kubeconfig, "apply", "-f", "-");
  }

  static String catalog(String name, String extraSpec) {
    return """
        apiVersion: ducklake.featherman.dev/v1alpha1
        kind: DuckLakeCatalog
        metadata: {name: %s, namespace: lakes}
        spec:
          objectStore: {endpoint: s3.example.com, bucket: my-data-lake, credentialsSecret: {name: s3}}
        %s"""
        .formatted(name, extraSpec);
  }

  static Path chartDirectory() {
    return Path.of("featherman").toAbsolutePath();
  }

  static Path copyChart(Path target) throws Exception {
    Path source = chartDirectory();
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return target;
  }

  static void addCatalogField(Path chart, String field) throws Exception {
    Path file = chart.resolve("files/crds/" + CATALOGS + "-v1.yml");
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
    crd.getSpec()
        .getVersions()
        .forEach(
            v ->
                v.getSchema()
                    .getOpenAPIV3Schema()
                    .getProperties()
                    .get("spec")
                    .getProperties()
                    .put(
                        field,
                        new JSONSchemaPropsBuilder()
                            .withType("string")
                            .withDescription("added by an upgrade")
                            .build()));
    Files.writeString(file, Serialization.asYaml(crd));
  }
}
