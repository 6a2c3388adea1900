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
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(TestingKubelet.class);
  private static final String PVC_PROTECTION = "kubernetes.io/pvc-protection";
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
                    if (pvc.getMetadata().getDeletionTimestamp() != null
                        && pvc.getMetadata().getFinalizers().contains(PVC_PROTECTION)) {
                      executor.submit(() -> release(pvc));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
  }

  /**
   * The PVC-protection controller's part: a deleted claim keeps its finalizer until no pod uses it.
   * Pods here are in-process and gone when their Job finished, so it is removed at once.
   */
  private void release(PersistentVolumeClaim pvc) {
    client
        .persistentVolumeClaims()
        .inNamespace(pvc.getMetadata().getNamespace())
        .withName(pvc.getMetadata().getName())
        .edit(
            p -> {
              p.getMetadata().getFinalizers().remove(PVC_PROTECTION);
              return p;
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
    try {
      runJobAsKubernetesWould(job);
    } catch (RuntimeException | Error e) {
      // An executor swallows exceptions; a Job that silently never finishes hides the cause.
      LOG.error("Testing kubelet failed on Job {}", job.getMetadata().getName(), e);
      throw e;
    }
  }

  private void runJobAsKubernetesWould(Job job) {
    gate.acquireUninterruptibly();
    gate.release();
    String started = Instant.now().toString();
    if (!writeJobStatus(job, status -> status.withStartTime(started).withActive(1))) {
      return;
    }
    int attempts =
        job.getSpec().getBackoffLimit() == null ? 1 : job.getSpec().getBackoffLimit() + 1;
    TestingJobRunner.PodResult result = null;
    int failed = 0;
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
      if (result.exitCode() != 0) {
        failed++;
      }
      if (result.exitCode() == 0 || TestingJobRunner.failsJob(job, result.exitCode())) {
        break;
      }
    }
    jobsRun.incrementAndGet();
    boolean ok = result.exitCode() == 0;
    int failures = failed;
    // As the Job controller of Kubernetes 1.34 writes it (the API server checks the sequence):
    // SuccessCriteriaMet before Complete, FailureTarget before Failed.
    writeJobStatus(
        job,
        status ->
            new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder(finished(ok))
                .withStartTime(started)
                .withFailed(failures));
  }

  /** A finished Job's status as the Job controller writes it (the API server checks it). */
  public static io.fabric8.kubernetes.api.model.batch.v1.JobStatus finished(boolean ok) {
    String now = Instant.now().toString();
    return new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
        .withStartTime(now)
        .withActive(0)
        .withReady(0)
        .withSucceeded(ok ? 1 : 0)
        .withFailed(ok ? 0 : 1)
        .withCompletionTime(ok ? now : null)
        .withConditions(
            condition(ok ? "SuccessCriteriaMet" : "FailureTarget", ok, now),
            condition(ok ? "Complete" : "Failed", ok, now))
        .build();
  }

  private static io.fabric8.kubernetes.api.model.batch.v1.JobCondition condition(
      String type, boolean ok, String now) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(ok ? "CompletionsReached" : "BackoffLimitExceeded")
        .withMessage(
            ok
                ? "Reached expected number of succeeded pods"
                : "Job has reached the specified backoff limit")
        .withLastProbeTime(now)
        .withLastTransitionTime(now)
        .build();
  }

  /** Replaces the Job's status through the status subresource; false when the Job is gone. */
  private boolean writeJobStatus(
      Job job,
      java.util.function.Function<
              io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder,
              io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder>
          change) {
    var resource =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(job.getMetadata().getNamespace())
            .withName(job.getMetadata().getName());
    Job latest = resource.get();
    if (latest == null) {
      return false;
    }
    var status =
        change.apply(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()).build();
    if (latest.getStatus() != null && latest.getStatus().getStartTime() != null) {
      // The API server stores seconds and refuses any change of an unsuspended Job's startTime.
      status.setStartTime(latest.getStatus().getStartTime());
    }
    latest.setStatus(status);
    client.resource(latest).updateStatus();
    return true;
  }

  private void recordPod(Job job, int attempt, TestingJobRunner.PodResult result) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(job.getMetadata().getName() + "-" + attempt)
            .withNamespace(job.getMetadata().getNamespace())
            .addToLabels("job-name", job.getMetadata().getName())
            .addToLabels("batch.kubernetes.io/job-name", job.getMetadata().getName())
            .addNewOwnerReference()
            .withApiVersion("batch/v1")
            .withKind("Job")
            .withName(job.getMetadata().getName())
            .withUid(job.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .build();
    Pod created = client.resource(pod).create();
    // The kubelet reports through the status subresource; a create ignores status.
    created.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase(result.exitCode() == 0 ? "Succeeded" : "Failed")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("worker")
                    .withImage(pod.getSpec().getContainers().get(0).getImage())
                    .withImageID("")
                    .withReady(false)
                    .withRestartCount(0)
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(result.exitCode())
                    .withMessage(result.terminationMessage())
                    .withFinishedAt(Instant.now().toString())
                    .endTerminated()
                    .endState()
                    .build())
            .build());
    client.resource(created).updateStatus();
  }

  @Override
  public void close() {
    jobs.close();
    claims.close();
    executor.shutdownNow();
  }
}
