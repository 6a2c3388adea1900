package dev.featherman.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the operator only while this replica holds the service's Lease. Replaces the Java Operator
 * SDK's own election, which neither releases the Lease on shutdown nor tells a lost Lease from a
 * stop, and calls {@code System.exit} from inside the shutdown it is part of, so a stopped leader
 * never exits. Here a stop releases the Lease (a standby takes over at once); only a Lease lost
 * while running ends the process, from a thread of its own.
 */
final class LeaderElectedOperator implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderElectedOperator.class);
  static final Duration LEASE_DURATION = Duration.ofSeconds(15);
  static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
  static final Duration RETRY_PERIOD = Duration.ofSeconds(2);
  private static final Duration RELEASE_WAIT = Duration.ofSeconds(5);

  private final Operator operator;
  private final KubernetesClient client;
  private final Operators.LeaderElection election;
  private final String identity = identity();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "leader-election");
            t.setDaemon(true);
            return t;
          });
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile boolean stopping;
  private volatile boolean running;
  private volatile boolean leading;
  private CompletableFuture<?> electionFuture;

  LeaderElectedOperator(
      Operator operator, KubernetesClient client, Operators.LeaderElection election) {
    this.operator = operator;
    this.client = client;
    this.election = election;
  }

  @Override
  public synchronized void start() {
    stopping = false;
    LeaderElector elector =
        new LeaderElector(
            client,
            new LeaderElectionConfigBuilder()
                .withName(election.leaseName())
                .withLock(new LeaseLock(election.leaseNamespace(), election.leaseName(), identity))
                .withLeaseDuration(LEASE_DURATION)
                .withRenewDeadline(RENEW_DEADLINE)
                .withRetryPeriod(RETRY_PERIOD)
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(
                    new LeaderCallbacks(this::startLeading, this::stopLeading, this::newLeader))
                .build(),
            executor);
    electionFuture = elector.start();
    running = true;
    LOG.info(
        "Waiting for Lease {}/{} as {}", election.leaseNamespace(), election.leaseName(), identity);
  }

  private void startLeading() {
    LOG.info("Leading as {}: starting the operator", identity);
    leading = true;
    try {
      operator.start();
    } catch (RuntimeException e) {
      LOG.error("The operator did not start; exiting so the Lease goes to another replica", e);
      exit();
    }
  }

  private void stopLeading() {
    if (stopping) {
      clearHolder();
      LOG.info("Released Lease {}/{}", election.leaseNamespace(), election.leaseName());
      released.countDown();
      return;
    }
    if (election.exitOnLostLease()) {
      LOG.error("Lost Lease {} while running: exiting, so no stale leader reconciles", identity);
      exit();
    } else {
      LOG.warn("Lost Lease {} while running: stopping the operator", identity);
      stopOperator();
    }
  }

  /**
   * fabric8's release shortens the Lease to one second but sends the record without a holder, which
   * a patch leaves unchanged; clear it while it is still ours (a JSON patch test makes that
   * atomic), so a standby sees a free Lease at once, as Kubernetes' own controllers leave it.
   */
  private void clearHolder() {
    String patch =
        "[{\"op\":\"test\",\"path\":\"/spec/holderIdentity\",\"value\":\""
            + identity
            + "\"},{\"op\":\"remove\",\"path\":\"/spec/holderIdentity\"}]";
    try {
      client
          .leases()
          .inNamespace(election.leaseNamespace())
          .withName(election.leaseName())
          .patch(PatchContext.of(PatchType.JSON), patch);
    } catch (KubernetesClientException e) {
      // Already taken over (the test failed) or gone: nothing of ours to clear.
      LOG.debug("Lease holder not cleared: {}", e.getMessage());
    }
  }

  private void newLeader(String holder) {
    LOG.info("Lease {}/{} held by {}", election.leaseNamespace(), election.leaseName(), holder);
  }

  @Override
  public synchronized void stop() {
    stopping = true;
    boolean wasLeading = leading;
    stopOperator();
    // Cancelling releases the Lease, then calls stopLeading, which clears the holder.
    if (electionFuture != null) {
      electionFuture.cancel(true);
    }
    if (wasLeading) {
      try {
        if (!released.await(RELEASE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn(
              "The Lease was not released within {}; a standby waits for it to expire",
              RELEASE_WAIT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    executor.shutdownNow();
    running = false;
  }

  private void stopOperator() {
    if (leading) {
      leading = false;
      operator.stop();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private static void exit() {
    // System.exit runs the shutdown hooks, whose stop() waits on this thread's callers: not here.
    Thread exit = new Thread(() -> System.exit(1), "exit-on-lost-lease");
    exit.setDaemon(false);
    exit.start();
  }

  private static String identity() {
    String host = System.getenv("HOSTNAME");
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    return (host == null || host.isBlank() ? "featherman" : host) + "-" + suffix;
  }
}
