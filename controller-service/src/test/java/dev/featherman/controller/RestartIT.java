package dev.featherman.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.controller.config.ControllerProperties;
import dev.featherman.engine.TestingLakes;
import dev.featherman.testkit.TestingKubernetes;
import dev.featherman.worker.TestingKubelet;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Restart safety and leader election: a controller stopped while its Job runs is replaced by one
 * that converges without starting the Job again; reconciling waits for the Lease.
 */
class RestartIT {
  static final String NS = "restart";

  static ControllerProperties properties(boolean leaderElection) {
    return new ControllerProperties(
        List.of(),
        "worker:test",
        "Never",
        "default",
        3,
        Duration.ofHours(1),
        Duration.ofMinutes(15),
        leaderElection,
        "featherman-controller",
        NS,
        Duration.ofMillis(300),
        Duration.ofMinutes(5),
        Duration.ofSeconds(2),
        false);
  }

  @Test
  void reconcilingHoldsTheLease() throws Exception {
    try (TestingKubernetes k8s = new TestingKubernetes(NS);
        TestingKubelet kubelet =
            new TestingKubelet(k8s.client, Files.createTempDirectory("featherman-lease-"))) {
      k8s.createS3Secret(NS, "s3", TestingLakes.s3().accessKey(), TestingLakes.s3().secretKey());
      k8s.allowLeases();
      TestingController controller = new TestingController(k8s.client, properties(true));
      Operator operator = controller.operator;
      var lifecycle = controller.lifecycle;
      lifecycle.start();
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  var lease =
                      k8s.client.leases().inNamespace(NS).withName("featherman-controller").get();
                  return lease != null && lease.getSpec().getHolderIdentity() != null;
                });
        DuckLakeCatalog catalog = new DuckLakeCatalog();
        catalog.setMetadata(new ObjectMetaBuilder().withName("led").withNamespace(NS).build());
        catalog.setSpec(
            TestingLakes.spec(dev.featherman.api.v1alpha1.CatalogBackend.sqlite, "lease-lake"));
        catalog.getSpec().getObjectStore().getCredentialsSecret().setName("s3");
        k8s.client.resource(catalog).create();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  DuckLakeCatalog c =
                      k8s.client
                          .resources(DuckLakeCatalog.class)
                          .inNamespace(NS)
                          .withName("led")
                          .get();
                  return c.getStatus() != null
                      && Conditions.isTrue(c.getStatus(), ConditionTypes.READY);
                });
      } finally {
        lifecycle.stop();
      }
      // Stopping hands the Lease back at once: a standby need not wait for it to expire.
      assertThat(
              k8s.client
                  .leases()
                  .inNamespace(NS)
                  .withName("featherman-controller")
                  .get()
                  .getSpec()
                  .getHolderIdentity())
          .isNullOrEmpty();
    }
  }

  @Test
  void newControllerPicksUpWhereTheOldOneStopped() throws Exception {
    try (TestingKubernetes k8s = new TestingKubernetes(NS);
        TestingKubelet kubelet =
            new TestingKubelet(k8s.client, Files.createTempDirectory("featherman-restart-"))) {
      k8s.createS3Secret(NS, "s3", TestingLakes.s3().accessKey(), TestingLakes.s3().secretKey());
      DuckLakeCatalog catalog = new DuckLakeCatalog();
      catalog.setMetadata(new ObjectMetaBuilder().withName("lake").withNamespace(NS).build());
      catalog.setSpec(
          TestingLakes.spec(dev.featherman.api.v1alpha1.CatalogBackend.sqlite, "restart-lake"));
      catalog.getSpec().getObjectStore().getCredentialsSecret().setName("s3");
      ControllerProperties properties = properties(false);

      kubelet.gate.acquire(
          Integer.MAX_VALUE); // Jobs wait: the first controller stops mid-operation
      Operator first = new TestingController(k8s.client, properties).operator;
      first.start();
      k8s.client.resource(catalog).create();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !k8s.client.batch().v1().jobs().inNamespace(NS).list().getItems().isEmpty());
      first.stop();

      Operator second = new TestingController(k8s.client, properties).operator;
      second.start();
      try {
        kubelet.gate.release(Integer.MAX_VALUE);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  DuckLakeCatalog c =
                      k8s.client
                          .resources(DuckLakeCatalog.class)
                          .inNamespace(NS)
                          .withName("lake")
                          .get();
                  return c.getStatus() != null
                      && Conditions.isTrue(c.getStatus(), ConditionTypes.READY);
                });
        assertThat(k8s.client.batch().v1().jobs().inNamespace(NS).list().getItems())
            .as("the init Job ran once")
            .hasSize(1);
        assertThat(kubelet.jobsRun.get()).isEqualTo(1);
      } finally {
        second.stop();
      }
    }
  }
}
