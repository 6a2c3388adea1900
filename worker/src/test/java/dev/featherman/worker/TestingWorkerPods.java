package dev.featherman.worker;

import dev.featherman.api.Labels;
import dev.featherman.api.worker.WorkerEnv;
import dev.featherman.worker.serve.WorkerServer;
import dev.featherman.workloads.QueryJob;
import dev.featherman.workloads.WorkerPod;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the kubelet for long-running workers on the mock API server: every new pool worker pod (and
 * every fallback query Job) gets a real {@link WorkerServer} in this JVM on a free loopback port;
 * the pod becomes Running and Ready at 127.0.0.1 with that port as its "worker" container port.
 * Deleting a pod stops its worker; {@link #kill} crashes one.
 */
public final class TestingWorkerPods implements AutoCloseable {
  private final KubernetesClient client;
  private final TestingJobRunner environments;
  private final ExecutorService executor = Executors.newCachedThreadPool(daemon());
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Map<String, WorkerServer> servers = new ConcurrentHashMap<>();
  private final Watch pods;
  private final Watch jobs;

  /** Worker processes started so far. */
  public final AtomicInteger started = new AtomicInteger();

  /** Pod addresses handed out in this JVM (shared, so two instances never bind the same one). */
  private static final AtomicInteger podIps = new AtomicInteger();

  /** The highest number of queries any worker ever ran at once. */
  public final AtomicInteger maxActiveSeen = new AtomicInteger();

  /** While drained of permits, new workers wait before they start (slow image pulls). */
  public final Semaphore startGate = new Semaphore(Integer.MAX_VALUE);

  public TestingWorkerPods(KubernetesClient client, Path volumes) {
    this.client = client;
    this.environments = new TestingJobRunner(TestingJobRunner.secretsOf(client), volumes);
    this.pods =
        client
            .pods()
            .inAnyNamespace()
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    String component = pod.getMetadata().getLabels().get(Labels.COMPONENT);
                    boolean ours =
                        WorkerPod.COMPONENT.equals(component)
                            || QueryJob.COMPONENT.equals(component);
                    String key = key(pod);
                    if (action == Action.DELETED) {
                      stop(key);
                    } else if (ours && action == Action.ADDED && seen.add(key)) {
                      executor.submit(() -> start(pod));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
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
                    String component = job.getMetadata().getLabels().get(Labels.COMPONENT);
                    if (action == Action.ADDED && QueryJob.COMPONENT.equals(component)) {
                      executor.submit(() -> createJobPod(job));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
  }

  /** Crashes a worker: its process stops at once and its pod is Failed. */
  public void kill(String namespace, String name) {
    stop(namespace + "/" + name);
    setPhase(namespace, name, "Failed", 137);
  }

  /**
   * Stops a worker's process while its pod still looks Ready: the window before the kubelet
   * notices, in which routers still send it queries.
   */
  public void stopUnnoticed(String namespace, String name) {
    stop(namespace + "/" + name);
  }

  /** The running worker of a pod, if any. */
  public WorkerServer server(String namespace, String name) {
    return servers.get(namespace + "/" + name);
  }

  /** Number of worker processes running now. */
  public int running() {
    return servers.size();
  }

  private void createJobPod(Job job) {
    // The Job controller's part: one pod from the template, named after the Job.
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(job.getMetadata().getName() + "-0")
            .withNamespace(job.getMetadata().getNamespace())
            .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
            .addToLabels("job-name", job.getMetadata().getName())
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .build();
    client.resource(pod).create();
  }

  private void start(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    startGate.acquireUninterruptibly();
    startGate.release();
    // Each pod gets an address of its own, as in a cluster: a loopback address, on the port its
    // spec declares (pod specs are immutable on a real API server).
    String podIp = nextPodIp();
    WorkerServer server;
    Map<String, String> env;
    try {
      env = environmentOnceConfigured(pod);
      if (env == null) {
        return; // deleted while its Secret was missing
      }
      env.put(WorkerEnv.WORKER_PORT, String.valueOf(WorkerPod.port(pod, 8090)));
      env.put(WorkerEnv.WORKER_BIND_ADDRESS, podIp);
      server = startOnAFreeAddress(env);
    } catch (Exception e) {
      System.err.println("[kubelet] worker " + ns + "/" + name + " failed to start: " + e);
      setPhase(ns, name, "Failed", 4);
      return;
    }
    if (client.pods().inNamespace(ns).withName(name).get() == null) {
      server.close(); // deleted while starting
      return;
    }
    servers.put(ns + "/" + name, server);
    started.incrementAndGet();
    String address = env.get(WorkerEnv.WORKER_BIND_ADDRESS);
    String now = Instant.now().toString();
    client
        .pods()
        .inNamespace(ns)
        .withName(name)
        .editStatus(
            p -> {
              p.setStatus(
                  new PodStatusBuilder()
                      .withPhase("Running")
                      .withPodIP(address)
                      .withStartTime(now)
                      .addToConditions(
                          new PodConditionBuilder()
                              .withType("Ready")
                              .withStatus("True")
                              .withLastTransitionTime(now)
                              .build())
                      .addToContainerStatuses(
                          new ContainerStatusBuilder()
                              .withName("worker")
                              .withReady(true)
                              .withRestartCount(0)
                              .build())
                      .build());
              return p;
            });
    executor.submit(
        () -> {
          try {
            server.awaitExit();
          } catch (InterruptedException e) {
            return;
          }
          if (servers.remove(ns + "/" + name) != null) {
            record(server);
            server.close();
            setPhase(ns, name, "Succeeded", 0);
          }
        });
  }

  /**
   * Starts the worker; pod addresses are unique in a cluster, but here another test JVM on the
   * machine may hold one, so a taken address gives way to the next.
   */
  private WorkerServer startOnAFreeAddress(Map<String, String> env) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return WorkerServer.start(env);
      } catch (java.net.BindException taken) {
        if (attempt == 10) {
          throw taken;
        }
        env.put(WorkerEnv.WORKER_BIND_ADDRESS, nextPodIp());
      }
    }
  }

  /**
   * The pod's environment once its Secrets are there: like the kubelet after a
   * CreateContainerConfigError, it tries again until the pod is deleted (null then).
   */
  private Map<String, String> environmentOnceConfigured(Pod pod) throws Exception {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    while (true) {
      try {
        return environments.environment(pod.getSpec(), name);
      } catch (IllegalStateException configError) {
        if (client.pods().inNamespace(ns).withName(name).get() == null) {
          return null;
        }
        Thread.sleep(200);
      }
    }
  }

  private String nextPodIp() {
    int n = podIps.incrementAndGet();
    return "127.0." + (1 + n / 250) + "." + (1 + n % 250);
  }

  private void stop(String key) {
    WorkerServer server = servers.remove(key);
    if (server != null) {
      record(server);
      server.close();
    }
  }

  private void record(WorkerServer server) {
    maxActiveSeen.accumulateAndGet(server.maxActive(), Math::max);
  }

  /** The highest concurrency any worker (running or gone) has seen. */
  public int maxActive() {
    servers.values().forEach(this::record);
    return maxActiveSeen.get();
  }

  private void setPhase(String ns, String name, String phase, int exitCode) {
    try {
      client
          .pods()
          .inNamespace(ns)
          .withName(name)
          .editStatus(
              p -> {
                p.setStatus(
                    new PodStatusBuilder()
                        .withPhase(phase)
                        .addToConditions(
                            new PodConditionBuilder().withType("Ready").withStatus("False").build())
                        .addToContainerStatuses(
                            new ContainerStatusBuilder()
                                .withName("worker")
                                .withReady(false)
                                .withNewState()
                                .withNewTerminated()
                                .withExitCode(exitCode)
                                .endTerminated()
                                .endState()
                                .build())
                        .build());
                return p;
              });
    } catch (RuntimeException e) {
      // the pod is already gone
    }
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "testing-worker-pods");
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    pods.close();
    jobs.close();
    servers.keySet().forEach(this::stop);
    executor.shutdownNow();
  }
}
