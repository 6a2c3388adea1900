package dev.featherman.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.engine.TestingLakes;
import dev.featherman.testkit.LoopbackPorts;
import dev.featherman.testkit.RuncContainer;
import dev.featherman.testkit.RuncContainer.Launch;
import dev.featherman.testkit.RuncContainer.Mount;
import dev.featherman.testkit.TestingChart;
import dev.featherman.testkit.TestingImages;
import dev.featherman.testkit.TestingKubernetes;
import dev.featherman.testkit.TestingPostgres;
import dev.featherman.workloads.WorkerJob;
import dev.featherman.workloads.WorkerJobSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * The six images as {@code make images} builds them (buildah, the local Debian base, the jars of
 * this build), each unpacked and started with runc as the chart runs it: user 10001, read-only root
 * file system, a writable /tmp. Skipped, saying what is missing, where buildah, runc or the base
 * image are not available (scripts/ensure-image-tools.sh installs them).
 */
class ContainerImagesIT {
  static final String RELEASE_NS = "featherman-system";
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path work;
  static TestingImages images;
  static TestingKubernetes k8s;
  static final Map<String, Path> BUNDLES = new HashMap<>();

  @BeforeAll
  static void buildImages() {
    var unavailable = TestingImages.unavailable();
    Assumptions.assumeTrue(
        unavailable.isEmpty(), () -> "image smoke test skipped: " + unavailable.orElseThrow());
    images = TestingImages.build(Path.of("target/images").toAbsolutePath());
    System.out.println(images.buildLog());
  }

  @AfterAll
  static void stopApiServer() {
    if (k8s != null) {
      k8s.close();
    }
  }

  static List<String> allImages() {
    return TestingImages.NAMES;
  }

  /** The services the chart runs against the API server (the gateway is tested embedded). */
  static List<String> controlPlaneServices() {
    return TestingImages.NAMES.stream()
        .filter(n -> !n.equals("worker") && !n.equals("query-gateway"))
        .toList();
  }

  static synchronized Path bundle(String name) {
    return BUNDLES.computeIfAbsent(
        name,
        n ->
            RuncContainer.unpack(
                images.archive(n), images.reference(n), work.resolve("unpacked").resolve(n)));
  }

  @ParameterizedTest
  @MethodSource("allImages")
  void everyImageIsLabelledRunsAsNonRootAndCarriesNoBuildTools(String name) throws IOException {
    Path bundle = bundle(name);
    JsonNode config = RuncContainer.image(bundle).get("config");
    String tag = images.reference(name).substring(images.reference(name).lastIndexOf(':') + 1);
    assertThat(config.path("User").asText()).isEqualTo("10001:10001");
    JsonNode labels = config.path("Labels");
    assertThat(labels.path("org.opencontainers.image.title").asText())
        .isEqualTo("featherman-" + name);
    assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(tag);
    assertThat(labels.path("org.opencontainers.image.revision").asText()).matches("[0-9a-f]{40}.*");
    assertThat(labels.path("org.opencontainers.image.source").asText()).startsWith("https://");
    Path rootfs = bundle.resolve("rootfs");
    for (String tool : List.of("javac", "mvn", "gcc", "cc", "make", "pip", "pip3", "git")) {
      for (String dir : List.of("usr/bin", "usr/local/bin", "bin", "usr/sbin")) {
        assertThat(rootfs.resolve(dir).resolve(tool)).as("build tool in the image").doesNotExist();
      }
    }
    assertThat(rootfs.resolve("root/.m2")).doesNotExist();
    Path extensions = rootfs.resolve("opt/featherman/duckdb-extensions");
    if (name.equals("worker") || name.equals("query-gateway")) {
      try (Stream<Path> files = Files.walk(extensions)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .contains(
                "ducklake.duckdb_extension",
                "httpfs.duckdb_extension",
                "postgres_scanner.duckdb_extension",
                "sqlite_scanner.duckdb_extension");
      }
    }
    System.out.printf(
        "image %s: archive %d MB, unpacked %d MB%n",
        images.reference(name), Files.size(images.archive(name)) >> 20, sizeOf(rootfs) >> 20);
  }

  @Test
  void theGatewayImageInEmbeddedModeAnswersTheReadmesCurl() throws Exception {
    int port = LoopbackPorts.free();
    String token = "readme-token-" + System.nanoTime();
    Launch launch =
        new Launch(
            null,
            Map.of(
                "FEATHERMAN_TOKEN",
                token,
                "SERVER_PORT",
                String.valueOf(port),
                "FEATHERMAN_GATEWAY_FLIGHTSQL_PORT",
                String.valueOf(LoopbackPorts.free()),
                "FEATHERMAN_GATEWAY_EMBEDDED_DEMOROWS",
                "20000",
                "JAVA_TOOL_OPTIONS",
                "-XX:MaxRAMPercentage=75"),
            List.of());
    try (RuncContainer gateway = RuncContainer.start(bundle("query-gateway"), "gateway", launch)) {
      awaitReady(gateway, port, "/actuator/health/readiness");
      String readme = Files.readString(Path.of("../README.md"));
      List<String> curls = readmeCurls(readme);
      assertThat(curls).as("the README's first curl commands").hasSizeGreaterThanOrEqualTo(2);
      for (String curl : curls.subList(0, 2)) {
        String command =
            curl.replace("localhost:8080", "127.0.0.1:" + port) + " --fail-with-body -sS";
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command);
        builder.environment().put("TOKEN", token);
        builder.redirectErrorStream(true);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(command + "\n" + out + "\n" + gateway.output()).isZero();
        if (curl.contains("SELECT 1")) {
          assertThat(out.lines().toList()).containsExactly("1", "1");
        } else {
          assertThat(out).startsWith("pickup_zone,trips,avg_fare");
          assertThat(out.lines().count()).isGreaterThan(2);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("controlPlaneServices")
  void eachServiceImageAnswersItsHealthProbeAsTheChartRunsIt(String service) throws Exception {
    TestingChart chart = chart();
    Deployment deployment =
        of(chart.objects(), Deployment.class).stream()
            .filter(d -> d.getMetadata().getName().equals("featherman-" + service))
            .findFirst()
            .orElseThrow();
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo((long) RuncContainer.USER);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();

    Map<String, String> env = new HashMap<>();
    for (EnvVar var : container.getEnv()) {
      assertThat(var.getValueFrom()).as("only plain values in the services' env").isNull();
      env.put(var.getName(), var.getValue());
    }
    // Host network: each port the pod would own gets a free loopback port instead.
    int http = LoopbackPorts.free();
    int probePort = http;
    env.put("SERVER_PORT", String.valueOf(http));
    if (service.equals("webhook-service")) {
      probePort = LoopbackPorts.free(); // its probes are on the management port, https apart
      env.put("MANAGEMENT_SERVER_PORT", String.valueOf(probePort));
    }
    Path kubeconfig = work.resolve(service + "-kubeconfig");
    Files.copy(k8s.apiServer().kubeconfig(), kubeconfig);
    readable(kubeconfig);
    env.put("KUBECONFIG", "/etc/featherman/kubeconfig");
    List<Mount> mounts = new ArrayList<>(volumes(chart, pod, container, work.resolve(service)));
    mounts.add(new Mount(kubeconfig, "/etc/featherman/kubeconfig", true));
    // The kubeconfig names the API server's CA by its path on this machine.
    Path ca = work.resolve(service + "-ca.crt");
    Files.copy(k8s.apiServer().caFile(), ca);
    readable(ca);
    mounts.add(new Mount(ca, k8s.apiServer().caFile().toString(), true));

    try (RuncContainer running =
        RuncContainer.start(bundle(service), service, new Launch(null, env, mounts))) {
      awaitReady(running, probePort, container.getReadinessProbe().getHttpGet().getPath());
      HttpResponse<String> live =
          get(probePort, container.getLivenessProbe().getHttpGet().getPath());
      assertThat(live.statusCode()).as(running.output()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(CatalogBackend.class)
  void theWorkerImageRunsAOneShotJobAgainstALakeOnLoopback(CatalogBackend backend)
      throws Exception {
    String bucket = "image-" + backend;
    DuckLakeCatalogSpec spec = TestingLakes.spec(backend, bucket);
    spec.getObjectStore().getCredentialsSecret().setAccessKeyField("id");
    spec.getObjectStore().getCredentialsSecret().setSecretKeyField("key");
    DuckLakeCatalog catalog = new DuckLakeCatalog();
    catalog.setMetadata(
        new ObjectMetaBuilder().withName("images").withNamespace("lakes").withUid("u1").build());
    catalog.setSpec(spec);
    Map<String, Map<String, String>> secrets =
        Map.of(
            "s3-credentials",
            Map.of("id", TestingLakes.s3().accessKey(), "key", TestingLakes.s3().secretKey()),
            "pg-credentials",
            Map.of("username", TestingPostgres.USER, "password", TestingPostgres.PASSWORD));
    // More rows than DuckLake inlines into the catalog, so a Parquet file goes through httpfs.
    String operation =
        "{\"type\":\"sql\",\"sql\":\"CREATE TABLE answers AS SELECT range AS answer"
            + " FROM range(100000)\"}";
    Job job =
        WorkerJob.desired(
            catalog,
            catalog,
            "images-" + backend,
            operation,
            new WorkerJobSettings(
                images.reference("worker"),
                "Never",
                new ResourceRequirements(),
                1,
                60,
                300,
                "default"));
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    Map<String, String> env = new HashMap<>();
    for (EnvVar var : container.getEnv()) {
      if (var.getValueFrom() != null) {
        var ref = var.getValueFrom().getSecretKeyRef();
        env.put(var.getName(), secrets.get(ref.getName()).get(ref.getKey()));
      } else {
        env.put(var.getName(), var.getValue());
      }
    }
    List<Mount> mounts = new ArrayList<>();
    for (VolumeMount mount : container.getVolumeMounts()) {
      Volume volume = volume(pod, mount.getName());
      if (volume.getPersistentVolumeClaim() != null) {
        Path dir = Files.createDirectories(work.resolve("volumes").resolve(backend.toString()));
        chown(dir);
        mounts.add(new Mount(dir, mount.getMountPath(), false));
      } else if (volume.getEmptyDir() != null && !mount.getMountPath().equals("/tmp")) {
        mounts.add(Mount.tmpfs(mount.getMountPath()));
      }
    }
    String log;
    try (RuncContainer worker =
        RuncContainer.start(
            bundle("worker"), "worker-" + backend, new Launch(container.getArgs(), env, mounts))) {
      int exit = worker.awaitExit(Duration.ofMinutes(3));
      assertThat(exit).as(worker.output()).isZero();
      String result =
          worker.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("");
      assertThat(result).as(worker.output()).contains("\"statementsRun\":1");
      log = worker.output();
    }
    var keys =
        TestingLakes.s3Client()
            .listObjectsV2(
                ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .prefix(spec.getObjectStore().getPrefix())
                    .build())
            .contents();
    assertThat(keys)
        .as("Parquet written through httpfs")
        .anyMatch(o -> o.key().endsWith(".parquet"));
  }

  // ---------------------------------------------------------------------------------------------

  static synchronized TestingChart chart() {
    if (k8s == null) {
      k8s = new TestingKubernetes(RELEASE_NS);
    }
    return TestingChart.render(k8s.client, Path.of("../charts/featherman"), RELEASE_NS);
  }

  /** configMap and secret volumes as read-only directories of files, emptyDirs as tmpfs. */
  static List<Mount> volumes(TestingChart chart, PodSpec pod, Container container, Path dir)
      throws IOException {
    List<Mount> mounts = new ArrayList<>();
    for (VolumeMount mount : container.getVolumeMounts()) {
      Volume volume = volume(pod, mount.getName());
      Map<String, String> files = null;
      if (volume.getConfigMap() != null) {
        files = named(chart, ConfigMap.class, volume.getConfigMap().getName()).getData();
      } else if (volume.getSecret() != null) {
        Secret secret =
            of(chart.objects(), Secret.class).stream()
                .filter(s -> s.getMetadata().getName().equals(volume.getSecret().getSecretName()))
                .findFirst()
                .orElse(null);
        if (secret == null) {
          assertThat(volume.getSecret().getOptional())
              .as("Secret " + volume.getSecret().getSecretName() + " the chart does not make")
              .isTrue();
          continue;
        }
        files = new HashMap<>();
        for (var e : secret.getData().entrySet()) {
          files.put(
              e.getKey(),
              new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8));
        }
      } else if (volume.getEmptyDir() != null) {
        if (!mount.getMountPath().equals("/tmp")) {
          mounts.add(Mount.tmpfs(mount.getMountPath()));
        }
        continue;
      }
      Path source = Files.createDirectories(dir.resolve(mount.getName()));
      readable(source);
      for (var file : files.entrySet()) {
        Path path = source.resolve(file.getKey());
        Files.writeString(path, file.getValue());
        readable(path);
      }
      mounts.add(new Mount(source, mount.getMountPath(), true));
    }
    return mounts;
  }

  static void awaitReady(RuncContainer container, int port, String path) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      assertThat(container.isRunning()).as("container exited:\n" + container.output()).isTrue();
      try {
        HttpResponse<String> r = get(port, path);
        if (r.statusCode() == 200) {
          return;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(path + " never answered 200 (" + last + "):\n" + container.output());
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The README's curl commands, each joined into one line. */
  static List<String> readmeCurls(String readme) {
    List<String> curls = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^curl (?:.*\\\\\\n)*.*$").matcher(readme);
    while (m.find()) {
      curls.add(m.group().replace("\\\n", " "));
    }
    return curls;
  }

  static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static <T extends HasMetadata> List<T> of(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static <T extends HasMetadata> T named(TestingChart chart, Class<T> type, String name) {
    return of(chart.objects(), type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("the chart makes no " + type.getSimpleName() + " " + name));
  }

  /** Readable by the container's user, as the kubelet projects configMaps and secrets. */
  static void readable(Path path) throws IOException {
    Files.setPosixFilePermissions(
        path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
    for (Path parent = path.getParent(); parent != null; parent = parent.getParent()) {
      if (parent.equals(work.getParent())) {
        break;
      }
      Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /** Owned by the container's user, as fsGroup makes a volume writable for the pod. */
  static void chown(Path dir) throws IOException {
    readable(dir);
    Files.setAttribute(dir, "unix:uid", RuncContainer.USER);
    Files.setAttribute(dir, "unix:gid", RuncContainer.USER);
  }

  static long sizeOf(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }
}
