package dev.featherman.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.testkit.Command;
import dev.featherman.testkit.TestingKubernetes;
import dev.featherman.testkit.TestingTls;
import dev.featherman.testkit.TestingWebhooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Admission for real: a kube-apiserver calls the webhook-service, registered from the chart's own
 * templates (Service reference rewritten to a loopback URL), and kubectl shows a user what it shows
 * them on a cluster: the README objects created with their defaults and warnings, bad ones denied
 * with the field path.
 */
class RealAdmissionIT {
  static final String NS = "lakes";
  static TestingKubernetes k8s;
  static ConfigurableApplicationContext webhook;

  @BeforeAll
  static void start() throws Exception {
    k8s = new TestingKubernetes(NS);
    k8s.useAsDefaultCluster();
    TestingTls tls = TestingTls.create(Files.createTempDirectory("featherman-webhook-tls-"));
    webhook =
        new SpringApplicationBuilder(WebhookApplication.class)
            .run(
                "--server.port=0",
                "--management.server.port=0",
                // What the chart's ConfigMap sets by default: the release's registry.
                "--featherman.webhook.allowed-worker-images=ghcr.io/featherman/",
                "--spring.ssl.bundle.pem.webhook.keystore.certificate=file:"
                    + tls.directory().resolve("tls.crt"),
                "--spring.ssl.bundle.pem.webhook.keystore.private-key=file:"
                    + tls.directory().resolve("tls.key"));
    int port = Integer.parseInt(webhook.getEnvironment().getProperty("local.server.port"));
    TestingWebhooks.register(
        k8s.client,
        Path.of("../charts/featherman/charts/webhook-service"),
        port,
        tls.certificatePem());
  }

  @AfterAll
  static void stop() {
    if (webhook != null) {
      webhook.close();
    }
    if (k8s != null) {
      k8s.close();
    }
  }

  static Command.Result kubectl(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of("--kubeconfig", kubeconfig(), "-n", NS));
    all.addAll(List.of(args));
    return Command.run("kubectl", stdin, all.toArray(String[]::new));
  }

  static String kubeconfig() {
    return k8s.apiServer().kubeconfig().toString();
  }

  /** The README's example objects, as a new user copies them. */
  static List<String> readmeObjects() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    Matcher m = Pattern.compile("```yaml\n(apiVersion: ducklake[\\s\\S]*?)```").matcher(readme);
    List<String> objects = new ArrayList<>();
    while (m.find()) {
      objects.add(m.group(1));
    }
    return objects;
  }

  @Test
  void theReadmeObjectsAreAdmittedWithDefaultsAndWarnings() throws Exception {
    List<String> objects = readmeObjects();
    assertThat(objects).hasSizeGreaterThanOrEqualTo(3);
    for (String yaml : objects) {
      Command.Result r = kubectl(yaml, "apply", "-f", "-");
      assertThat(r.exitCode()).as(yaml + r.stderr()).isZero();
      // created, or configured when another test of this class applied them first
      assertThat(r.stdout()).containsAnyOf("created", "configured", "unchanged");
    }
    String spec =
        kubectl(null, "get", "ducklakecatalog", "example", "-o", "jsonpath={.spec}").orFail();
    assertThat(spec).as("the mutating webhook defaulted the spec").contains("\"backend\"");
    // A server-side dry run goes through both webhooks and prints their warnings.
    Command.Result warned =
        kubectl(
            objects.get(0).replace("spec:\n", "spec:\n  deletionPolicy: Delete\n"),
            "apply",
            "--dry-run=server",
            "-f",
            "-");
    assertThat(warned.exitCode()).as(warned.stderr()).isZero();
    assertThat(warned.stderr())
        .contains("Warning: spec.deletionPolicy")
        .contains("every data file under its bucket prefix");
  }

  @Test
  void kubectlExplainDescribesOurFieldsAndTheKubernetesTypesInside() {
    String queue = kubectl(null, "explain", "dlp.spec.queue.maxWaitTime").orFail();
    assertThat(queue).contains("Longest a query waits for a free worker");
    String affinity = kubectl(null, "explain", "dlp.spec.template.affinity.nodeAffinity").orFail();
    assertThat(affinity).contains("Describes node affinity scheduling rules for the pod");
    String conditions = kubectl(null, "explain", "dlc.status.conditions.reason").orFail();
    assertThat(conditions).contains("programmatic identifier");
  }

  @Test
  void kubectlGetShowsReadyAndPhaseFirstAgeLastAndOneCategoryListsEverything() throws Exception {
    for (String yaml : readmeObjects()) {
      Command.Result r = kubectl(yaml, "apply", "-f", "-");
      assertThat(r.exitCode()).as(yaml + r.stderr()).isZero();
    }
    String[][] expected = {
      {"dlc", "ducklakecatalogs", "NAME READY PHASE BACKEND AGE"},
      {"dlt", "ducklaketables", "NAME READY PHASE CATALOG MODE ROWS AGE"},
      {"dlp", "ducklakepools", "NAME READY PHASE MIN MAX CURRENT IDLE BUSY AGE"},
      {"dlb", "ducklakebackups", "NAME READY PHASE CATALOG SNAPSHOT SIZE AGE"}
    };
    for (String[] kind : expected) {
      // What the API server holds for the kind, in kubectl's order.
      String columns =
          kubectl(
                  null,
                  "get",
                  "crd",
                  kind[1] + ".ducklake.featherman.dev",
                  "-o",
                  "jsonpath={.spec.versions[0].additionalPrinterColumns[*].name}")
              .orFail();
      assertThat("NAME " + columns.toUpperCase(java.util.Locale.ROOT)).isEqualTo(kind[2]);
      Command.Result get = kubectl(null, "get", kind[0]);
      assertThat(get.exitCode()).as(get.stderr()).isZero();
      if (!get.stdout().isBlank()) {
        assertThat(String.join(" ", get.stdout().lines().findFirst().orElseThrow().split("\\s+")))
            .as("kubectl get " + kind[0])
            .isEqualTo(kind[2]);
      }
    }
    String all = kubectl(null, "get", "featherman").orFail();
    assertThat(all)
        .as("kubectl get featherman")
        .contains("ducklakecatalog.ducklake.featherman.dev/example ")
        .contains("ducklakebackup.ducklake.featherman.dev/example-before-migration ");
  }

  @Test
  void invalidObjectsAreDeniedWithTheFieldPath() {
    // Denied by the CRD schema (the API server) or by the validating webhook: either way kubectl
    // names the field.
    record Case(String yaml, String field, boolean byWebhook) {}
    List<Case> cases =
        List.of(
            new Case(
                catalog("traversal", "catalogPath: /var/lib/../../etc/ducklake"),
                "spec.catalogPath",
                true),
            new Case(
                catalog(
                    "glob",
                    "objectStore: {endpoint: s3.example.com, bucket: bucket, prefix: 'a/*',"
                        + " credentialsSecret: {name: s}}"),
                "spec.objectStore.prefix",
                false),
            new Case(
                """
                apiVersion: ducklake.featherman.dev/v1alpha1
                kind: DuckLakePool
                metadata: {name: rogue}
                spec:
                  catalogRef: {name: example}
                  template:
                    image: docker.io/attacker/worker:latest
                """,
                "spec.template.image",
                true),
            new Case(
                """
                apiVersion: ducklake.featherman.dev/v1alpha1
                kind: DuckLakePool
                metadata: {name: root}
                spec:
                  catalogRef: {name: example}
                  template:
                    securityContext: {runAsUser: 0, seccompProfile: {type: Unconfined}}
                """,
                "spec.template.securityContext",
                true));
    for (Case c : cases) {
      Command.Result r = kubectl(c.yaml(), "apply", "-f", "-");
      assertThat(r.exitCode()).as(c.yaml() + r.stdout()).isNotZero();
      assertThat(r.stderr()).as(c.yaml()).contains(c.field());
      if (c.byWebhook()) {
        assertThat(r.stderr())
            .contains(
                "admission webhook \"validation.ducklake.featherman.dev\" denied the request");
      }
    }
  }

  @Test
  void theApiServerSchemaAndTheWebhookAgreeOnTheSameObject() {
    // Rejected by the CRD schema before any webhook runs: kubectl names the field too.
    Command.Result r =
        kubectl(
            """
            apiVersion: ducklake.featherman.dev/v1alpha1
            kind: DuckLakeCatalog
            metadata: {name: oracle}
            spec:
              backend: oracle
              objectStore: {endpoint: s3.example.com, bucket: bucket, credentialsSecret: {name: s}}
            """,
            "apply",
            "-f",
            "-");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("spec.backend").contains("Unsupported value");
  }

  static String catalog(String name, String specLine) {
    String spec =
        specLine.startsWith("objectStore")
            ? specLine
            : specLine
                + "\n  objectStore: {endpoint: s3.example.com, bucket: bucket, credentialsSecret:"
                + " {name: s}}";
    return """
        apiVersion: ducklake.featherman.dev/v1alpha1
        kind: DuckLakeCatalog
        metadata: {name: %s}
        spec:
          %s
        """
        .formatted(name, spec);
  }
}
