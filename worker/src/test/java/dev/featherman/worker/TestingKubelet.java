package dev.featherman.worker;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the kubelet and the Job controller on the mock API server: binds new PVCs, and runs each
 * new worker Job's pod in this JVM (through the worker's own entry point), then records the pod's
 * exit code and termination message and the Job's Complete/Failed status like Kubernetes does. Jobs
 * run one at a time, like a single node would run a file catalog's Jobs.
 */
public final class TestingKubelet implements AutoCloseable {
  private final KubernetesClient client;
  private final TestingJobRunner runner;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "testing-kubelet");
            t.setDaemon(true);
            return t;
          });
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Watch jobs;
  private final Watch claims;

  /** Jobs run so far. */
  public final AtomicInteger jobsRun = new AtomicInteger();

  /**
   * While held, Jobs are accepted but wait before their pod runs (to stop things mid-operation).
   */
  public final java.util.concurrent.Semaphore gate =
      new java.util.concurrent.Semaphore(Integer.MAX_VALUE);

  public TestingKubelet(KubernetesClient client, Path volumes) {
    this.client = client;
    this.runner = new TestingJobRunner(TestingJobRunner.secretsOf(client), volumes);
    this.jobs =
        client
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Job job) {
                    boolean queryJob =
                        dev.featherman.workloads.QueryJob.COMPONENT.equals(
                            job.getMetadata().getLabels().get(dev.featherman.api.Labels.COMPONENT));
                    if (action == Action.ADDED
                        && !queryJob // TestingWorkerPods serves those
                        && seen.add(
                            job.getMetadata().getNamespace() + "/" + job.getMetadata().getName())) {
                      executor.submit(() -> runJob(job));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
    this.claims =
        client
            .persistentVolumeClaims()
            .inAnyNamespace()
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, PersistentVolumeClaim pvc) {
                    if (action == Action.ADDED
                        && (pvc.getStatus() == null
                            || !"Bound".equals(pvc.getStatus().getPhase()))) {
                      executor.submit(() -> bind(pvc));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
  }

  private void bind(PersistentVolumeClaim pvc) {
    pvc.setStatus(
        new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder()
            .withPhase("Bound")
            .build());
    client.resource(pvc).updateStatus();
  }

  private void runJob(Job job) {
    gate.acquireUninterruptibly();
    gate.release();
    int attempts =
        job.getSpec().getBackoffLimit() == null ? 1 : job.getSpec().getBackoffLimit() + 1;
    TestingJobRunner.PodResult result = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        result = runner.run(job);
      } catch (IllegalStateException e) {
        // CreateContainerConfigError: the pod never starts and the Job waits, as in Kubernetes.
        return;
      } catch (Exception e) {
        result =
            new TestingJobRunner.PodResult(
                1, "{\"ok\":false,\"reason\":\"ExecutionFailed\",\"message\":\"" + e + "\"}");
      }
      recordPod(job, attempt, result);
      if (result.exitCode() == 0 || TestingJobRunner.failsJob(job, result.exitCode())) {
        break;
      }
    }
    jobsRun.incrementAndGet();
    Job latest =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(job.getMetadata().getNamespace())
            .withName(job.getMetadata().getName())
            .get();
    if (latest == null) {
      return;
    }
    boolean ok = result.exitCode() == 0;
    String now = Instant.now().toString();
    latest.setStatus(
        new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
            .withStartTime(now)
            .withSucceeded(ok ? 1 : 0)
            .withFailed(ok ? 0 : 1)
            .withCompletionTime(ok ? now : null)
            .withConditions(
                new JobConditionBuilder()
                    .withType(ok ? "Complete" : "Failed")
                    .withStatus("True")
                    .withLastTransitionTime(now)
                    .build())
            .build());
    client.resource(latest).updateStatus();
  }

  private void recordPod(Job job, int attempt, TestingJobRunner.PodResult result) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(job.getMetadata().getName() + "-" + attempt)
            .withNamespace(job.getMetadata().getNamespace())
            .addToLabels("job-name", job.getMetadata().getName())
            .withCreationTimestamp(Instant.now().toString() + attempt)
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .withNewStatus()
            .withPhase(result.exitCode() == 0 ? "Succeeded" : "Failed")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("worker")
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(result.exitCode())
                    .withMessage(result.terminationMessage())
                    .endTerminated()
                    .endState()
                    .build())
            .endStatus()
            .build();
    client.resource(pod).create();
  }

  @Override
  public void close() {
    jobs.close();
    claims.close();
    executor.shutdownNow();
  }
}
