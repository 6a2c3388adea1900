package dev.featherman.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.featherman.testkit.TestingKubernetes;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two controller-service processes on a real API server, as two replicas of the chart: on SIGTERM
 * the leader exits within its grace period and hands the Lease back, and the standby takes over
 * within seconds instead of waiting for the Lease to expire.
 */
class LeaderTakeoverIT {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderTakeoverIT.class);
  static final String SYSTEM_NS = "featherman-system";
  static final String LEASE = "featherman-controller";

  /** The chart's terminationGracePeriodSeconds (the Kubernetes default). */
  static final Duration GRACE = Duration.ofSeconds(30);

  @Test
  void aStoppedLeaderExitsAndTheStandbyTakesOverWithinSeconds() throws Exception {
    Path logs = Files.createTempDirectory("featherman-takeover-");
    try (TestingKubernetes k8s = new TestingKubernetes(SYSTEM_NS)) {
      Process first = start(k8s, "replica-a", logs);
      Process second = null;
      try {
        await().atMost(Duration.ofSeconds(90)).until(() -> holder(k8s).startsWith("replica-a-"));
        second = start(k8s, "replica-b", logs);
        Path secondLog = logs.resolve("replica-b.log");
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> Files.readString(secondLog).contains("Waiting for Lease"));
        assertThat(holder(k8s)).startsWith("replica-a-");

        long stop = System.nanoTime();
        first.destroy(); // SIGTERM, as the kubelet sends it
        assertThat(first.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS))
            .as("the leader exits within its grace period; log:\n%s", tail(logs, "replica-a"))
            .isTrue();
        long exited = System.nanoTime();
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> holder(k8s).startsWith("replica-b-"));
        long takenOver = System.nanoTime();
        LOG.info(
            "SIGTERM to exit {} ms, SIGTERM to takeover {} ms",
            TimeUnit.NANOSECONDS.toMillis(exited - stop),
            TimeUnit.NANOSECONDS.toMillis(takenOver - stop));
        assertThat(Files.readString(logs.resolve("replica-a.log"))).contains("Released Lease");
        // The Lease changes hands before the new leader's callback logs it.
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> Files.readString(secondLog).contains("Leading as replica-b-"));
      } finally {
        first.destroyForcibly();
        if (second != null) {
          second.destroy();
          assertThat(second.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
      }
    }
  }

  static String holder(TestingKubernetes k8s) {
    Lease lease = k8s.client.leases().inNamespace(SYSTEM_NS).withName(LEASE).get();
    String holder = lease == null ? null : lease.getSpec().getHolderIdentity();
    return holder == null ? "" : holder;
  }

  static Process start(TestingKubernetes k8s, String hostname, Path logs) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            "-Dkubernetes.master=" + k8s.url(),
            "-Dkubernetes.auth.token=" + k8s.apiServer().adminToken(),
            "-Dkubernetes.certs.ca.file=" + k8s.apiServer().caFile(),
            "-Dkubernetes.auth.tryKubeConfig=false",
            "-Dkubernetes.auth.tryServiceAccount=false",
            ControllerApplication.class.getName(),
            "--server.port=0",
            "--featherman.controller.lease-namespace=" + SYSTEM_NS));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve(hostname + ".log").toFile());
    builder.environment().put("HOSTNAME", hostname);
    builder.environment().remove("KUBECONFIG");
    return builder.start();
  }

  static String tail(Path logs, String name) throws Exception {
    List<String> lines = Files.readAllLines(logs.resolve(name + ".log"));
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
