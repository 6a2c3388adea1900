package dev.featherman.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A real Kubernetes control plane on loopback: etcd and kube-apiserver as child processes, built by
 * scripts/ensure-kubernetes.sh. Authentication is a static admin token (group system:masters);
 * authorization is RBAC, so impersonated service accounts get exactly what their Roles grant.
 *
 * <p>Differences from a cluster, on purpose: no controller-manager (no garbage collector, Job
 * controller or namespace finalizer; the Testing kubelet plays the parts tests need) and the
 * ServiceAccount admission plugin is off (no controller creates the {@code default} account).
 */
public final class TestingApiServer implements AutoCloseable {
  private final Path directory;
  private final String token = randomToken();
  private final int port;
  private final List<Process> processes = new ArrayList<>();
  private final Thread reaper = new Thread(this::destroyProcesses, "testing-apiserver-reaper");

  private TestingApiServer(Path directory, int port) {
    this.directory = directory;
    this.port = port;
  }

  /** Starts etcd and kube-apiserver and waits until the API server reports ready. */
  public static TestingApiServer start() {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce();
      } catch (IllegalStateException e) {
        // Another process may bind a chosen port before etcd or the API server does.
        if (attempt == 3 || !String.valueOf(e.getMessage()).contains("address already in use")) {
          throw e;
        }
      }
    }
  }

  private static TestingApiServer startOnce() {
    try {
      Path dir = Files.createTempDirectory(scratchRoot(), "featherman-apiserver-");
      TestingApiServer server = new TestingApiServer(dir, LoopbackPorts.free());
      Runtime.getRuntime().addShutdownHook(server.reaper);
      try {
        server.launch();
      } catch (RuntimeException | Error e) {
        server.close();
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void launch() throws IOException {
    int etcdPort = LoopbackPorts.free();
    int peerPort = LoopbackPorts.free();
    String etcdUrl = "http://127.0.0.1:" + etcdPort;
    String peerUrl = "http://127.0.0.1:" + peerPort;
    spawn(
        "etcd",
        List.of(
            KubernetesBinaries.require("etcd").toString(),
            "--name=default",
            "--data-dir=" + directory.resolve("etcd"),
            "--listen-client-urls=" + etcdUrl,
            "--advertise-client-urls=" + etcdUrl,
            "--listen-peer-urls=" + peerUrl,
            "--initial-advertise-peer-urls=" + peerUrl,
            "--initial-cluster=default=" + peerUrl,
            // Throw-away data: no fsync keeps each API write fast on a busy 2-core machine.
            "--unsafe-no-fsync",
            "--log-level=warn"));
    Files.writeString(directory.resolve("tokens.csv"), token + ",admin,admin,system:masters\n");
    Path saKey = serviceAccountKey();
    Files.writeString(
        directory.resolve("audit-policy.yaml"),
        """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: ["RequestReceived"]
        rules:
        - level: Metadata
        """);
    spawn(
        "kube-apiserver",
        List.of(
            KubernetesBinaries.require("kube-apiserver").toString(),
            "--etcd-servers=" + etcdUrl,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            "--secure-port=" + port,
            "--cert-dir=" + directory.resolve("certs"),
            "--token-auth-file=" + directory.resolve("tokens.csv"),
            "--authorization-mode=RBAC",
            "--service-account-issuer=https://kubernetes.default.svc",
            "--service-account-key-file=" + saKey,
            "--service-account-signing-key-file=" + saKey,
            "--service-cluster-ip-range=10.0.0.0/24",
            "--disable-admission-plugins=ServiceAccount",
            // Who did what, for tests that check a role against the calls really made.
            "--audit-policy-file=" + directory.resolve("audit-policy.yaml"),
            "--audit-log-path=" + auditLog(),
            "--profiling=false"));
    awaitReady();
  }

  private Path serviceAccountKey() {
    try {
      return TestingTls.create(directory.resolve("service-accounts"))
          .directory()
          .resolve("tls.key");
    } catch (Exception e) {
      throw new IllegalStateException("cannot make the service-account signing key", e);
    }
  }

  private void spawn(String name, List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve(name + ".log").toFile())
            .start();
    processes.add(process);
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "a control-plane process exited (" + p.exitValue() + "): " + logTails());
        }
      }
      if (Files.exists(caFile())) {
        try {
          HttpResponse<String> response = get("/readyz");
          if (response.statusCode() == 200) {
            return;
          }
          last = response.statusCode() + " " + response.body();
        } catch (IOException e) {
          last = e.toString();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      sleep(100);
    }
    throw new IllegalStateException(
        "kube-apiserver not ready within 90 s (" + last + "): " + logTails());
  }

  /** GET on the API server as the admin (for /readyz, /metrics and the like). */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().sslContext(sslContext()).build();
    return http.send(
        HttpRequest.newBuilder(URI.create(url() + path.substring(1)))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** An SSL context trusting the API server's self-signed serving certificate. */
  public SSLContext sslContext() {
    try (var in = Files.newInputStream(caFile())) {
      List<X509Certificate> certificates = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) c);
      }
      return TestingTls.trusting(certificates.toArray(X509Certificate[]::new));
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the API server certificate " + caFile(), e);
    }
  }

  /** The API server's URL, with a trailing slash. */
  public String url() {
    return "https://127.0.0.1:" + port + "/";
  }

  /** The admin's bearer token (group system:masters). */
  public String adminToken() {
    return token;
  }

  /** The PEM file a client trusts the API server by. */
  public Path caFile() {
    return directory.resolve("certs").resolve("apiserver.crt");
  }

  /** A kubeconfig for kubectl and helm, as the admin. */
  public Path kubeconfig() {
    Path file = directory.resolve("kubeconfig");
    if (!Files.exists(file)) {
      String yaml =
          """
          apiVersion: v1
          kind: Config
          clusters:
          - name: testing
            cluster:
              server: %s
              certificate-authority: %s
          users:
          - name: admin
            user:
              token: %s
          contexts:
          - name: testing
            context:
              cluster: testing
              user: admin
          current-context: testing
          """
              .formatted(url(), caFile(), token);
      try {
        Files.writeString(file, yaml);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return file;
  }

  /** The API server's audit log: one JSON event per request (metadata level). */
  public Path auditLog() {
    return directory.resolve("audit.log");
  }

  /** The scratch directory (logs, certificates, etcd data). */
  public Path directory() {
    return directory;
  }

  private String logTails() {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("etcd", "kube-apiserver")) {
      Path log = directory.resolve(name + ".log");
      try {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        out.append("\n--- ").append(name).append(" ---\n");
        lines
            .subList(Math.max(0, lines.size() - 15), lines.size())
            .forEach(l -> out.append(l).append('\n'));
      } catch (IOException e) {
        out.append(e);
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    destroyProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: it does the same.
    }
    deleteRecursively(directory);
  }

  private void destroyProcesses() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }

  private static Path scratchRoot() {
    // Memory-backed scratch space: etcd's data and the logs vanish with the machine.
    Path shm = Paths.get("/dev/shm");
    try {
      if (Files.isDirectory(shm)
          && Files.isWritable(shm)
          && Files.getFileStore(shm).getUsableSpace() > 1L << 30) {
        return shm;
      }
    } catch (IOException e) {
      // fall through to the temporary directory
    }
    return Paths.get(System.getProperty("java.io.tmpdir"));
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Scratch space only; leftovers are harmless.
    }
  }
}
