package dev.featherman.gateway.cluster;

import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.v1alpha1.QueueSpec;
import dev.featherman.api.worker.IngestCall;
import dev.featherman.api.worker.RegisterFilesCall;
import dev.featherman.api.worker.WorkerToken;
import dev.featherman.engine.ingest.IngestResult;
import dev.featherman.engine.ingest.LakeFiles;
import dev.featherman.engine.ingest.LakeIngest;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.engine.query.QueryLimits;
import dev.featherman.engine.query.QueryOutcome;
import dev.featherman.engine.sandbox.ReadDetector;
import dev.featherman.gateway.api.GatewayException;
import dev.featherman.gateway.config.GatewayProperties;
import dev.featherman.gateway.executor.CatalogExecutor;
import dev.featherman.gateway.executor.QueryRun;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;

/**
 * Cluster-mode executor: each query gets a worker of its catalog's pool for exclusive use (or up to
 * the pool's concurrencyPerWorker). The worker itself is the lock (it refuses more queries than its
 * concurrency with 429, atomically), so replicas never need to agree through the API server; this
 * replica only prefers workers it is not using itself. When every worker is taken the query waits
 * in a bounded queue up to maxWaitTime. A worker that fails before streaming is retried on another
 * (reads only, unless the request never reached it). Without a Ready pool a one-shot Job runs the
 * query.
 */
public final class PoolRouter implements CatalogExecutor {
  private final WorkerDirectory directory;
  private final WorkerCall call;
  private final WorkerToken token;
  private final JobFallback fallback;
  private final GatewayProperties.Cluster settings;
  private final RoutingMetrics metrics;

  /**
   * DuckDB's parser, for which statements only read (retried, kept off Jobs for read-only pools).
   */
  private final ReadDetector reads = new ReadDetector();

  /** Queries this replica runs per worker pod; entries go when they reach zero. */
  private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

  /** Workers this replica could not reach, with the nanoTime until which they are passed over. */
  private final Map<String, Long> unreachableUntil = new ConcurrentHashMap<>();

  /** This replica's waiting queries per pool ({@code namespace/name}), first come first served. */
  private final Map<String, WaitLine> lines = new ConcurrentHashMap<>();

  public PoolRouter(
      WorkerDirectory directory,
      HttpClient http,
      WorkerToken token,
      JobFallback fallback,
      GatewayProperties.Cluster settings,
      RoutingMetrics metrics) {
    this.directory = directory;
    this.call = new WorkerCall(http);
    this.token = token;
    this.fallback = fallback;
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public boolean serves(String catalog) {
    return directory.catalog(catalog).isPresent();
  }

  @Override
  public java.util.Set<String> catalogs() {
    return directory.catalogNames();
  }

  @Override
  public QueryOutcome execute(QueryRun run) {
    String catalogName = run.catalog();
    DuckLakeCatalog catalog =
        directory
            .catalog(catalogName)
            .orElseThrow(
                () ->
                    new GatewayException(
                        HttpStatus.NOT_FOUND, "catalog '" + catalogName + "' does not exist"));
    DuckLakePool pool = directory.pool(catalogName).orElse(null);
    if (pool != null && run.mayWrite() && readOnly(pool) && !reads.isRead(run.sql())) {
      return writeBesideReadOnlyPool(catalog, pool, run);
    }
    if (pool != null && (WorkerDirectory.ready(pool) || !directory.workers(pool).isEmpty())) {
      return viaPool(pool, run);
    }
    if (pool != null
        && catalog.getSpec().getBackend() == CatalogBackend.duckdb
        && (directory.hasAnyWorker(pool) || WorkerDirectory.comingBack(pool))) {
      // A DuckDB-file catalog allows one process: a Job would only wait for the file behind the
      // pool's worker (starting) or the catalog Job it gave way to (paused). Queries wait in the
      // pool's line for the worker instead, up to maxWaitTime.
      return viaPool(pool, run);
    }
    if (!settings.jobFallback()) {
      throw new GatewayException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "catalog '" + catalogName + "' has no Ready DuckLakePool; create one for it");
    }
    return viaJob(catalog, run);
  }

  /**
   * Appends rows on a worker of the catalog's pool that mounts it read-write, or else in a one-shot
   * Job that does (a read-only attach cannot write).
   */
  @Override
  public IngestResult ingest(String catalogName, LakeIngest.Request request) throws Exception {
    IngestCall ingest =
        new IngestCall(
            request.table(),
            request.format().mediaType(),
            request.idempotencyKey(),
            request.principal(),
            request.limits().maxBytes(),
            request.limits().maxRows(),
            request.create());
    InputStream body = ArrowBodies.of(request);
    DuckLakeCatalog catalog = catalog(catalogName);
    DuckLakePool pool = writablePool(catalog, "appending rows");
    if (pool == null) {
      return inJob(
          catalog, new QueryControl(), true, (worker, t) -> call.ingest(worker, t, ingest, body));
    }
    int concurrency = pool.getSpec().resolvedConcurrencyPerWorker();
    Duration maxWait = pool.getSpec().resolvedQueue().resolvedMaxWaitTime();
    long deadline = System.nanoTime() + maxWait.toNanos();
    String last = "no worker is Ready";
    // Appends wait for a free worker like queries, but by polling: they are few and long.
    while (System.nanoTime() < deadline) {
      for (WorkerDirectory.Worker worker : candidates(pool)) {
        String accepted = token.forPool(worker.poolUid(), worker.tokenFingerprint());
        if (accepted == null || !reserve(worker.pod(), concurrency)) {
          continue;
        }
        try {
          return call.ingest(worker, accepted, ingest, body);
        } catch (WorkerCall.Busy busy) {
          last = busy.getMessage();
        } catch (WorkerCall.Unreachable failed) {
          if (failed.delivered) {
            throw mayHaveLanded(failed.getMessage());
          }
          last = failed.getMessage();
          unreachableUntil.put(
              worker.pod(), System.nanoTime() + settings.unreachableBackoff().toNanos());
        } finally {
          inFlight.computeIfPresent(worker.pod(), (pod, n) -> n <= 1 ? null : n - 1);
          lines
              .computeIfAbsent(
                  pool.getMetadata().getNamespace() + "/" + pool.getMetadata().getName(),
                  k -> new WaitLine(metrics.waiting(pool)))
              .released();
        }
      }
      Thread.sleep(25);
    }
    throw new GatewayException(
        HttpStatus.SERVICE_UNAVAILABLE,
        "no worker of pool '"
            + pool.getMetadata().getName()
            + "' took the rows ("
            + last
            + "); retry shortly with the same Idempotency-Key");
  }

  private static GatewayException mayHaveLanded(String failure) {
    return new GatewayException(
        HttpStatus.BAD_GATEWAY,
        failure
            + "; the rows may or may not have landed: send the request again with the same"
            + " Idempotency-Key");
  }

  /**
   * Registers files on a worker of the catalog's read-write pool, or else in a one-shot Job (as for
   * appends).
   */
  @Override
  public LakeFiles.Result registerFiles(String catalogName, LakeFiles.Request request)
      throws Exception {
    RegisterFilesCall register =
        new RegisterFilesCall(request.table(), request.files(), request.principal());
    DuckLakeCatalog catalog = catalog(catalogName);
    DuckLakePool pool = writablePool(catalog, "registering files");
    if (pool == null) {
      return inJob(
          catalog,
          new QueryControl(),
          false,
          (worker, t) -> call.registerFiles(worker, t, register));
    }
    String last = "no worker is Ready";
    for (WorkerDirectory.Worker worker : candidates(pool)) {
      String accepted = token.forPool(worker.poolUid(), worker.tokenFingerprint());
      if (accepted == null
          || !reserve(worker.pod(), pool.getSpec().resolvedConcurrencyPerWorker())) {
        continue;
      }
      try {
        return call.registerFiles(worker, accepted, register);
      } catch (WorkerCall.Busy | WorkerCall.Unreachable e) {
        last = e.getMessage();
      } finally {
        inFlight.computeIfPresent(worker.pod(), (pod, n) -> n <= 1 ? null : n - 1);
      }
    }
    throw new GatewayException(
        HttpStatus.SERVICE_UNAVAILABLE,
        "no worker of pool '" + pool.getMetadata().getName() + "' took the request (" + last + ")");
  }

  private DuckLakeCatalog catalog(String catalogName) {
    return directory
        .catalog(catalogName)
        .orElseThrow(
            () ->
                new GatewayException(
                    HttpStatus.NOT_FOUND, "catalog '" + catalogName + "' does not exist"));
  }

  /**
   * The catalog's pool that mounts it read-write, or null when {@code what} runs in a one-shot Job
   * instead; otherwise why it cannot run at all.
   */
  private DuckLakePool writablePool(DuckLakeCatalog catalog, String what) {
    DuckLakePool pool = directory.pool(catalog.getMetadata().getName()).orElse(null);
    if (pool != null && !readOnly(pool)) {
      return pool;
    }
    requireJobMayWrite(catalog, pool, what);
    return null;
  }

  /**
   * Refuses a write that a one-shot Job cannot take: the fallback is off, or a DuckDB-file catalog
   * (many readers or one writer) is held open by its read-only pool's workers.
   */
  private void requireJobMayWrite(DuckLakeCatalog catalog, DuckLakePool pool, String what) {
    String name = catalog.getMetadata().getName();
    if (pool != null
        && catalog.getSpec().getBackend() == CatalogBackend.duckdb
        && directory.hasAnyWorker(pool)) {
      throw new GatewayException(
          HttpStatus.CONFLICT,
          what
              + ": pool '"
              + pool.getMetadata().getName()
              + "' mounts DuckDB-file catalog '"
              + name
              + "' read-only, and its workers hold the file (DuckDB lets readers or one writer open"
              + " it); writes need a pool with catalogRef.readOnly: false and at most one worker,"
              + " or no running worker (scale the pool to 0)");
    }
    if (!settings.jobFallback()) {
      throw new GatewayException(
          pool == null ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.CONFLICT,
          what
              + " in catalog '"
              + name
              + "' needs a DuckLakePool for it with catalogRef.readOnly: false, or"
              + " cluster.job-fallback");
    }
  }

  /**
   * The run within the pool's maxQueryDuration: the worker stops a statement at the shorter of that
   * and the gateway's own timeout.
   */
  static QueryRun withinPoolLimit(DuckLakePool pool, QueryRun run) {
    Duration poolLimit = pool.getSpec().resolvedMaxQueryDuration();
    if (poolLimit == null || poolLimit.compareTo(run.limits().timeout()) >= 0) {
      return run;
    }
    return new QueryRun(
        run.id(),
        run.owner(),
        run.catalog(),
        run.sql(),
        run.params(),
        run.format(),
        run.out(),
        new QueryLimits(run.limits().maxRows(), run.limits().maxBytes(), poolLimit),
        run.control(),
        run.mayWrite(),
        run.route(),
        run.inspect());
  }

  private QueryOutcome viaPool(DuckLakePool pool, QueryRun original) {
    QueryRun run = withinPoolLimit(pool, original);
    String name = pool.getMetadata().getName();
    QueueSpec queue = pool.getSpec().resolvedQueue();
    Duration maxWait = queue.resolvedMaxWaitTime();
    int maxQueued = queue.resolvedMaxLength();
    int maxRetries = pool.getSpec().resolvedMaxRetries();
    int concurrency = pool.getSpec().resolvedConcurrencyPerWorker();
    boolean retryable = run.inspect() != null || reads.isRead(run.sql());
    AtomicInteger waiting = metrics.waiting(pool);
    WaitLine line =
        lines.computeIfAbsent(
            pool.getMetadata().getNamespace() + "/" + name, k -> new WaitLine(waiting));
    long start = System.nanoTime();
    long deadline = start + maxWait.toNanos();
    Object ticket = null; // a place in the line once the first look found every worker taken
    int retries = 0;
    String lastFailure = null;
    boolean skippedForToken = false;
    try {
      while (true) {
        if (line.mayTry(ticket)) {
          for (WorkerDirectory.Worker worker : candidates(pool)) {
            String accepted = token.forPool(worker.poolUid(), worker.tokenFingerprint());
            if (accepted == null) {
              skippedForToken = true;
              continue;
            }
            if (!reserve(worker.pod(), concurrency)) {
              continue; // this replica already uses it fully
            }
            line.leave(ticket); // the next in line may look while this query starts
            long attempt = System.nanoTime();
            try {
              run.route().set(worker.pod(), "pool");
              QueryOutcome outcome = call.run(worker, accepted, run);
              metrics.acquired(name, Duration.ofNanos(attempt - start), "acquired");
              metrics.released(name, Duration.ofNanos(System.nanoTime() - attempt));
              return outcome;
            } catch (WorkerCall.Busy busy) {
              // another replica has it: next worker
            } catch (WorkerCall.Unreachable failed) {
              if (failed.delivered && !retryable) {
                throw new GatewayException(
                    HttpStatus.BAD_GATEWAY,
                    failed.getMessage()
                        + "; the statement may or may not have run, check before running it"
                        + " again");
              }
              if (++retries > maxRetries) {
                throw new GatewayException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    failed.getMessage() + " (after " + maxRetries + " retries on other workers)");
              }
              metrics.retried(name, failed.delivered ? "failed" : "unreachable");
              lastFailure = failed.getMessage();
              unreachableUntil.put(
                  worker.pod(), System.nanoTime() + settings.unreachableBackoff().toNanos());
            } finally {
              inFlight.computeIfPresent(worker.pod(), (pod, n) -> n <= 1 ? null : n - 1);
              line.released();
            }
            line.returnToFront(ticket); // it waited longest: it keeps its turn
          }
        }
        if (ticket == null) {
          if (waiting.get() >= maxQueued) {
            metrics.acquired(name, Duration.ZERO, "queue_full");
            throw new GatewayException(
                HttpStatus.TOO_MANY_REQUESTS,
                "all workers of pool '"
                    + name
                    + "' are busy and "
                    + maxQueued
                    + " queries already wait; retry later");
          }
          ticket = line.join();
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          metrics.acquired(name, Duration.ofNanos(System.nanoTime() - start), "timeout");
          throw new GatewayException(
              HttpStatus.SERVICE_UNAVAILABLE,
              "no worker of pool '"
                  + name
                  + "' became free within "
                  + maxWait.toMillis()
                  + " ms"
                  + (lastFailure != null
                      ? " after "
                          + lastFailure
                          + "; the pool replaces failed workers, retry shortly"
                      : WorkerDirectory.paused(pool)
                          ? "; the pool gave its DuckDB-file catalog to a catalog Job (table"
                              + " change, backup, maintenance) and resumes when it ends, retry"
                              + " shortly"
                          : skippedForToken
                              ? "; some of its workers were started with a worker token this gateway"
                                  + " does not hold (rotated?): the gateway reads"
                                  + " featherman.gateway.cluster.worker-token-file again every"
                                  + " second, check that it holds the pool's token"
                              : "; the pool scales up with demand, retry shortly"));
        }
        if (run.control().isStopped()) {
          throw new GatewayException(HttpStatus.SERVICE_UNAVAILABLE, "the query was cancelled");
        }
        // Woken when this replica frees a worker or the line moves; other replicas' releases are
        // seen by polling.
        line.await(Math.min(25, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted while waiting");
    } finally {
      line.leave(ticket);
    }
  }

  /**
   * A cancel that reached this replica for a query another one runs: every pool worker is asked (by
   * the query's id and owner, which the worker was given with the query), then, if none ran it,
   * every fallback Job's worker; replicas keep no shared list of queries.
   */
  @Override
  public boolean cancelElsewhere(String id, String owner) {
    List<CompletableFuture<Boolean>> asked = new ArrayList<>();
    for (WorkerDirectory.Worker worker : directory.allWorkers()) {
      String accepted = token.forPool(worker.poolUid(), worker.tokenFingerprint());
      if (accepted != null) {
        asked.add(call.cancel(worker, accepted, id, owner));
      }
    }
    if (anyTrue(asked)) {
      return true;
    }
    asked.clear();
    for (JobFallback.Running job : fallback.running()) {
      // A Job started before a token rotation accepts only the token derived from the previous
      // one; the other call is refused.
      for (String accepted : job.tokens()) {
        asked.add(call.cancel(job.worker(), accepted, id, owner));
      }
    }
    return anyTrue(asked);
  }

  private static boolean anyTrue(List<CompletableFuture<Boolean>> answers) {
    return answers.stream().map(CompletableFuture::join).reduce(false, Boolean::logicalOr);
  }

  /**
   * Ready workers, the ones this replica uses least first, in random order among equals; a worker
   * that just failed to answer is left out for {@code unreachableBackoff}.
   */
  private List<WorkerDirectory.Worker> candidates(DuckLakePool pool) {
    long now = System.nanoTime();
    unreachableUntil.values().removeIf(until -> until - now <= 0);
    List<WorkerDirectory.Worker> workers = new ArrayList<>(directory.workers(pool));
    workers.removeIf(w -> unreachableUntil.containsKey(w.pod()));
    Collections.shuffle(workers);
    workers.sort(Comparator.comparingInt(w -> inFlight.getOrDefault(w.pod(), 0)));
    return workers;
  }

  /** Counts one more query of this replica on {@code pod}, unless it already runs the maximum. */
  private boolean reserve(String pod, int concurrency) {
    boolean[] reserved = {false};
    inFlight.compute(
        pod,
        (k, n) -> {
          int running = n == null ? 0 : n;
          if (running >= concurrency) {
            return n;
          }
          reserved[0] = true;
          return running + 1;
        });
    return reserved[0];
  }

  private static boolean readOnly(DuckLakePool pool) {
    return pool.getSpec().getCatalogRef() != null
        && Boolean.TRUE.equals(pool.getSpec().getCatalogRef().getReadOnly());
  }

  /**
   * A write for a catalog whose pool mounts it read-only: its workers would refuse it, so it runs
   * in a one-shot Job with the catalog writable, unless that cannot work.
   */
  private QueryOutcome writeBesideReadOnlyPool(
      DuckLakeCatalog catalog, DuckLakePool pool, QueryRun run) {
    requireJobMayWrite(catalog, pool, "this write");
    return viaJob(catalog, run); // run.mayWrite() holds: only writers get here
  }

  private QueryOutcome viaJob(DuckLakeCatalog catalog, QueryRun run) {
    return inJob(
        catalog,
        run.control(),
        false,
        (worker, t) -> {
          run.route().set(worker.pod(), "job");
          return call.run(worker, t, run);
        });
  }

  /** Work for one worker: a statement, rows or files. */
  @FunctionalInterface
  private interface WorkerWork<T> {
    T on(WorkerDirectory.Worker worker, String token)
        throws WorkerCall.Busy, WorkerCall.Unreachable;
  }

  /**
   * Runs {@code work} on the worker of a one-shot Job started for it, and deletes the Job. Rows cut
   * after they reached the worker may have landed ({@code rows}: the answer says how to retry).
   */
  private <T> T inJob(
      DuckLakeCatalog catalog, QueryControl control, boolean rows, WorkerWork<T> work) {
    String name = catalog.getMetadata().getName();
    String result = "failed";
    JobFallback.Started started = fallback.start(catalog, control);
    try {
      T done = work.on(started.worker(), started.token());
      result = "success";
      return done;
    } catch (WorkerCall.Unreachable e) {
      String failure = "fallback Job for catalog '" + name + "': " + e.getMessage();
      throw e.delivered && rows
          ? mayHaveLanded(failure)
          : new GatewayException(HttpStatus.BAD_GATEWAY, failure);
    } catch (WorkerCall.Busy e) {
      throw new GatewayException(
          HttpStatus.BAD_GATEWAY, "fallback Job for catalog '" + name + "': " + e.getMessage());
    } finally {
      fallback.delete(started.job());
      metrics.jobFallback(name, result);
    }
  }

  /** Closes the parser's in-memory DuckDB (Spring calls this when the context closes). */
  public void close() {
    reads.close();
  }
}
