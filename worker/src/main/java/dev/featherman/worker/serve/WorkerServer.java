package dev.featherman.worker.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.featherman.api.worker.ExecuteRequest;
import dev.featherman.api.worker.IngestCall;
import dev.featherman.api.worker.RegisterFilesCall;
import dev.featherman.api.worker.ResultEnd;
import dev.featherman.api.worker.WorkerEnv;
import dev.featherman.engine.ingest.IngestFormat;
import dev.featherman.engine.ingest.IngestLimits;
import dev.featherman.engine.ingest.IngestResult;
import dev.featherman.engine.ingest.LakeFiles;
import dev.featherman.engine.ingest.LakeIngest;
import dev.featherman.engine.query.OutputFormat;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.query.QueryLimits;
import dev.featherman.engine.sandbox.SandboxedLake;
import dev.featherman.worker.CatalogAttach;
import dev.featherman.worker.WorkerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A long-running worker: one DuckDB with one catalog attached (locked down by the sandbox), and an
 * internal HTTP API that only holders of the shared token may use: {@code POST /v1/execute} (one
 * statement, streamed in the gateway's formats), {@code GET /v1/state} (Idle, Busy or Draining, for
 * the pool-service and the gateway's routing), {@code POST /v1/drain}, and {@code GET /healthz},
 * ready only once the catalog is attached.
 */
public final class WorkerServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Largest request body: a query and its settings (the gateway sends at most 1 MiB of SQL). */
  static final int MAX_BODY_BYTES = 4 << 20;

  private final HttpServer http;
  private final SandboxedLake lake;
  private final byte[] token;
  private final int concurrency;
  private final Instant started = Instant.now();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong lastUsed = new AtomicLong(System.currentTimeMillis());
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Queries running here that a gateway named, so any gateway replica can cancel them. */
  private final Map<String, Running> running = new ConcurrentHashMap<>();

  /** A named running query: who started it (as the gateway knows them) and how to stop it. */
  private record Running(String owner, QueryControl control) {}

  private final AtomicInteger maxActive = new AtomicInteger();

  /** Statement exchanges not yet closed (their slot may already be back). */
  private final AtomicInteger exchanges = new AtomicInteger();

  private final CountDownLatch exit = new CountDownLatch(1);
  private final String name;
  private final long exitAfterQueries;

  private WorkerServer(
      HttpServer http,
      SandboxedLake lake,
      byte[] token,
      int concurrency,
      String name,
      long exitAfterQueries) {
    this.http = http;
    this.lake = lake;
    this.token = token;
    this.concurrency = concurrency;
    this.name = name;
    this.exitAfterQueries = exitAfterQueries;
  }

  /**
   * Attaches the catalog from the environment and starts serving.
   *
   * @throws IllegalArgumentException when the token or the catalog configuration is missing
   */
  public static WorkerServer start(Map<String, String> env) throws Exception {
    String secret = env.get(WorkerEnv.WORKER_TOKEN);
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException(
          "environment variable " + WorkerEnv.WORKER_TOKEN + " is required");
    }
    WorkerConfig config = WorkerConfig.fromEnvironment(env);
    int port = Integer.parseInt(env.getOrDefault(WorkerEnv.WORKER_PORT, "8090"));
    int concurrency = Integer.parseInt(env.getOrDefault(WorkerEnv.WORKER_CONCURRENCY, "1"));
    long exitAfter = Long.parseLong(env.getOrDefault(WorkerEnv.WORKER_EXIT_AFTER_QUERIES, "0"));
    long idleExitSeconds =
        Long.parseLong(env.getOrDefault(WorkerEnv.WORKER_IDLE_EXIT_SECONDS, "0"));
    String name = env.getOrDefault(WorkerEnv.WORKER_NAME, "worker");
    SandboxedLake lake = SandboxedLake.lockDown(CatalogAttach.open(config, env), concurrency);
    // Without TCP_NODELAY the JDK server's small writes (headers, then the result) meet the
    // client's delayed ACK: +40 ms per query, measured by make bench.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer http;
    try {
      String bind = env.get(WorkerEnv.WORKER_BIND_ADDRESS);
      http =
          HttpServer.create(
              bind == null || bind.isBlank()
                  ? new InetSocketAddress(port)
                  : new InetSocketAddress(bind, port),
              64);
    } catch (IOException e) {
      lake.close();
      throw e;
    }
    WorkerServer server =
        new WorkerServer(
            http, lake, secret.getBytes(StandardCharsets.UTF_8), concurrency, name, exitAfter);
    http.createContext("/healthz", server::health);
    http.createContext("/v1/state", server::state);
    http.createContext("/v1/drain", server::drain);
    http.createContext("/v1/execute", server::execute);
    http.createContext("/v1/cancel", server::cancel);
    http.createContext(IngestCall.PATH, server::ingest);
    http.createContext(RegisterFilesCall.PATH, server::registerFiles);
    http.setExecutor(Executors.newFixedThreadPool(concurrency + 4));
    http.start();
    if (idleExitSeconds > 0) {
      server.exitWhenIdleFor(Duration.ofSeconds(idleExitSeconds));
    }
    return server;
  }

  /** Blocks until the worker decided to exit (served its query budget, or idle too long). */
  public void awaitExit() throws InterruptedException {
    exit.await();
  }

  /** Queries served so far. */
  public long queriesServed() {
    return served.get();
  }

  /** Queries running now. */
  public int active() {
    return active.get();
  }

  /** The most queries this worker ever ran at once (the pool's exclusivity promise). */
  public int maxActive() {
    return maxActive.get();
  }

  private void exitWhenIdleFor(Duration idle) {
    Thread watcher =
        new Thread(
            () -> {
              try {
                while (exit.getCount() > 0) {
                  Thread.sleep(1000);
                  boolean idleTooLong =
                      active.get() == 0
                          && System.currentTimeMillis() - lastUsed.get() > idle.toMillis();
                  if (idleTooLong) {
                    exit.countDown();
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "worker-idle-exit");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** The port the API listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  private void health(HttpExchange ex) throws IOException {
    if (!lake.isHealthy()) {
      respond(
          ex,
          503,
          problem(503, "catalog '" + lake.alias() + "' does not answer; this worker is broken"));
      return;
    }
    respond(ex, 200, JSON.createObjectNode().put("status", "ok"));
  }

  /**
   * The request's JSON body, at most {@link #MAX_BODY_BYTES}: a longer declared or actual body is
   * answered with 413 and null is returned.
   */
  private static JsonNode body(HttpExchange ex) throws IOException {
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    long length = declared == null ? -1 : parseLong(declared);
    if (length > MAX_BODY_BYTES) {
      respond(ex, 413, problem(413, "the request body is over " + MAX_BODY_BYTES + " bytes"));
      return null;
    }
    byte[] bytes = ex.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      respond(ex, 413, problem(413, "the request body is over " + MAX_BODY_BYTES + " bytes"));
      return null;
    }
    return JSON.readTree(bytes);
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private void state(HttpExchange ex) throws IOException {
    if (!authorized(ex)) {
      return;
    }
    ObjectNode s = JSON.createObjectNode();
    s.put("state", draining.get() ? "Draining" : active.get() > 0 ? "Busy" : "Idle");
    s.put("active", active.get());
    s.put("concurrency", concurrency);
    s.put("queriesServed", served.get());
    s.put("startedAt", started.toString());
    s.put("lastUsedAt", Instant.ofEpochMilli(lastUsed.get()).toString());
    s.put("catalog", lake.alias());
    s.put("name", name);
    s.put("maxActive", maxActive.get());
    respond(ex, 200, s);
  }

  private void drain(HttpExchange ex) throws IOException {
    if (!authorized(ex) || !post(ex)) {
      return;
    }
    draining.set(true);
    respond(ex, 202, JSON.createObjectNode().put("state", "Draining").put("active", active.get()));
  }

  private void execute(HttpExchange ex) throws IOException {
    if (!authorized(ex) || !post(ex)) {
      return;
    }
    if (draining.get()) {
      respond(ex, 503, problem(503, "this worker is draining; send the query to another worker"));
      return;
    }
    int now = active.incrementAndGet();
    if (now > concurrency) {
      active.decrementAndGet();
      respond(ex, 429, problem(429, "this worker is busy; send the query to another worker"));
      return;
    }
    maxActive.accumulateAndGet(now, Math::max);
    exchanges.incrementAndGet();
    // The slot is given back before the last byte goes out: a caller that sends its next query
    // the moment it has read this response must find the worker free again.
    AtomicBoolean slot = new AtomicBoolean(true);
    String queryId = null;
    boolean endRecord =
        ResultEnd.VERSION.equals(ex.getRequestHeaders().getFirst(ResultEnd.REQUEST_HEADER));
    try {
      JsonNode body = body(ex);
      if (body == null) {
        return;
      }
      ExecuteRequest request = JSON.treeToValue(body, ExecuteRequest.class);
      OutputFormat format = OutputFormat.parse(request.format());
      HeadersOnFirstWrite out = new HeadersOnFirstWrite(ex, format.contentType());
      if (endRecord) {
        // Said up front, so a caller can tell this worker's results (which end with the record)
        // from an older worker's (which never do).
        ex.getResponseHeaders().set(ResultEnd.REQUEST_HEADER, ResultEnd.VERSION);
      }
      QueryControl control = new QueryControl();
      queryId = request.queryId();
      if (queryId != null
          && running.putIfAbsent(queryId, new Running(String.valueOf(request.owner()), control))
              != null) {
        queryId = null; // a second query under the same id is not cancellable by it
      }
      QueryLimits limits =
          new QueryLimits(
              request.maxRows(), request.maxBytes(), Duration.ofMillis(request.timeoutMillis()));
      if (request.inspect() != null) {
        lake.inspect(request.inspect(), request.sql(), format, out, limits, control);
      } else {
        lake.execute(
            request.sql(), request.params(), format, out, limits, control, request.write());
      }
      release(slot);
      if (endRecord) {
        out.write(ResultEnd.complete().encode());
      }
      out.close();
    } catch (QueryException e) {
      release(slot);
      endOrFail(ex, e.reason().httpStatus(), e.getMessage(), e.reason(), endRecord);
    } catch (IOException | RuntimeException e) {
      release(slot);
      endOrFail(ex, 400, e.getMessage() == null ? "bad request" : e.getMessage(), null, endRecord);
    } finally {
      if (queryId != null) {
        running.remove(queryId);
      }
      long total = release(slot);
      ex.close();
      exchanges.decrementAndGet();
      exitIfDone(total);
    }
  }

  /**
   * Appends the body's rows to a table as one snapshot ({@link IngestCall}); takes a query slot
   * like a statement. A worker that mounts its catalog read-only is refused by DuckDB.
   */
  private void ingest(HttpExchange ex) throws IOException {
    if (!authorized(ex) || !post(ex)) {
      return;
    }
    if (draining.get()) {
      respond(ex, 503, problem(503, "this worker is draining; send the rows to another worker"));
      return;
    }
    int now = active.incrementAndGet();
    if (now > concurrency) {
      active.decrementAndGet();
      respond(ex, 429, problem(429, "this worker is busy; send the rows to another worker"));
      return;
    }
    maxActive.accumulateAndGet(now, Math::max);
    exchanges.incrementAndGet();
    AtomicBoolean slot = new AtomicBoolean(true);
    try {
      IngestCall call =
          IngestCall.read(ex.getRequestURI().getRawQuery(), ex.getRequestHeaders()::getFirst);
      IngestFormat format =
          IngestFormat.ofContentType(call.contentType())
              .orElseThrow(
                  () ->
                      new QueryException(
                          QueryException.Reason.BAD_REQUEST,
                          "Content-Type must be one of " + IngestFormat.accepted()));
      IngestResult result =
          lake.ingest(
              new LakeIngest.Request(
                  call.table(),
                  format,
                  ex.getRequestBody(),
                  null,
                  call.idempotencyKey(),
                  call.principal(),
                  new IngestLimits(call.maxBytes(), call.maxRows()),
                  call.create(),
                  null));
      release(slot);
      respond(
          ex,
          200,
          JSON.valueToTree(
              new IngestCall.Answer(
                  result.rows(), result.bytes(), result.snapshotId(), result.duplicate())));
    } catch (QueryException e) {
      release(slot);
      failed(ex, e.reason().httpStatus(), e.getMessage(), e.reason());
    } catch (java.sql.SQLException | IOException | RuntimeException e) {
      release(slot);
      failed(ex, 400, e.getMessage() == null ? "bad request" : e.getMessage());
    } finally {
      long total = release(slot);
      ex.close();
      exchanges.decrementAndGet();
      exitIfDone(total);
    }
  }

  /** Registers Parquet files under the data path into a table ({@link RegisterFilesCall}). */
  private void registerFiles(HttpExchange ex) throws IOException {
    if (!authorized(ex) || !post(ex)) {
      return;
    }
    if (draining.get()) {
      respond(ex, 503, problem(503, "this worker is draining; send the request to another worker"));
      return;
    }
    int now = active.incrementAndGet();
    if (now > concurrency) {
      active.decrementAndGet();
      respond(ex, 429, problem(429, "this worker is busy; send the request to another worker"));
      return;
    }
    exchanges.incrementAndGet();
    AtomicBoolean slot = new AtomicBoolean(true);
    try {
      JsonNode body = body(ex);
      if (body == null) {
        return;
      }
      RegisterFilesCall call = JSON.treeToValue(body, RegisterFilesCall.class);
      LakeFiles.Result result =
          lake.registerFiles(new LakeFiles.Request(call.table(), call.files(), call.principal()));
      release(slot);
      respond(
          ex,
          200,
          JSON.valueToTree(new RegisterFilesCall.Answer(result.files(), result.snapshotId())));
    } catch (QueryException e) {
      release(slot);
      failed(ex, e.reason().httpStatus(), e.getMessage(), e.reason());
    } catch (java.sql.SQLException | IOException | RuntimeException e) {
      release(slot);
      failed(ex, 400, e.getMessage() == null ? "bad request" : e.getMessage());
    } finally {
      long total = release(slot);
      ex.close();
      exchanges.decrementAndGet();
      exitIfDone(total);
    }
  }

  /**
   * Cancels a running query by the id its gateway gave it, for its owner only: a cancel may reach
   * any gateway replica, which asks every worker.
   */
  private void cancel(HttpExchange ex) throws IOException {
    if (!authorized(ex) || !post(ex)) {
      return;
    }
    JsonNode body;
    try {
      body = body(ex);
    } catch (IOException e) {
      respond(ex, 400, problem(400, "send {\"queryId\": ..., \"owner\": ...}"));
      return;
    }
    if (body == null) {
      return;
    }
    Running query = running.get(body.path("queryId").asText(""));
    if (query == null || !query.owner().equals(body.path("owner").asText(""))) {
      respond(ex, 404, problem(404, "no such query running here"));
      return;
    }
    query.control().cancel();
    respond(ex, 202, JSON.createObjectNode().put("cancelled", true));
  }

  /** Gives the query's slot back once; returns the queries served so far. */
  private long release(AtomicBoolean slot) {
    if (!slot.compareAndSet(true, false)) {
      return served.get();
    }
    long total = served.incrementAndGet();
    lastUsed.set(System.currentTimeMillis());
    active.decrementAndGet();
    return total;
  }

  private void exitIfDone(long total) {
    if (exitAfterQueries > 0 && total >= exitAfterQueries) {
      draining.set(true);
      exit.countDown();
    }
  }

  /**
   * A failure: a problem response while nothing was sent; once the result began streaming, the end
   * record saying why (when the caller asked for one), since the HTTP server would otherwise end
   * the cut body as if it were complete.
   */
  private static void endOrFail(
      HttpExchange ex, int status, String message, QueryException.Reason reason, boolean endRecord)
      throws IOException {
    if (!ex.getResponseHeaders().containsKey("Content-Type")) {
      failed(ex, status, message, reason);
      return;
    }
    if (endRecord) {
      try {
        ex.getResponseBody()
            .write(ResultEnd.failed(reason == null ? "FAILED" : reason.name(), message).encode());
        ex.getResponseBody().flush();
      } catch (IOException gone) {
        // the caller hung up: nobody is left to tell
      }
    }
  }

  private static void failed(HttpExchange ex, int status, String message) throws IOException {
    failed(ex, status, message, null);
  }

  /** A problem response, naming the engine's reason (a cancelled query is not a busy worker). */
  private static void failed(
      HttpExchange ex, int status, String message, QueryException.Reason reason)
      throws IOException {
    if (ex.getResponseHeaders().containsKey("Content-Type")) {
      return; // streaming began: closing the exchange cuts the response, the caller sees it
      // truncated
    }
    ObjectNode problem = problem(status, message);
    if (reason != null) {
      problem.put("reason", reason.name());
    }
    respond(ex, status, problem);
  }

  private boolean authorized(HttpExchange ex) throws IOException {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    byte[] given =
        header != null && header.startsWith("Bearer ")
            ? header.substring(7).getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    if (!MessageDigest.isEqual(given, token)) {
      respond(ex, 401, problem(401, "send the worker token as 'Authorization: Bearer <token>'"));
      return false;
    }
    return true;
  }

  private static boolean post(HttpExchange ex) throws IOException {
    if (!"POST".equals(ex.getRequestMethod())) {
      respond(ex, 405, problem(405, "use POST"));
      return false;
    }
    return true;
  }

  private static ObjectNode problem(int status, String detail) {
    return JSON.createObjectNode().put("status", status).put("detail", detail);
  }

  private static void respond(HttpExchange ex, int status, ObjectNode body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders()
        .set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Sends 200 and the content type just before the first result byte. */
  private static final class HeadersOnFirstWrite extends OutputStream {
    private final HttpExchange ex;
    private final String contentType;
    private OutputStream out;

    HeadersOnFirstWrite(HttpExchange ex, String contentType) {
      this.ex = ex;
      this.contentType = contentType;
    }

    private OutputStream out() throws IOException {
      if (out == null) {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(200, 0);
        out = ex.getResponseBody();
      }
      return out;
    }

    @Override
    public void write(int b) throws IOException {
      out().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out().write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out().close();
    }
  }

  /**
   * What SIGTERM does (pod deletion, eviction, node drain): stop taking queries (503, so callers go
   * to another worker), give the running ones up to {@code grace}, then close.
   *
   * @return whether every running query finished in time
   */
  public boolean shutDown(Duration grace) throws InterruptedException {
    draining.set(true);
    long deadline = System.nanoTime() + grace.toNanos();
    // A slot is given back just before the last bytes go out: wait for those exchanges too.
    while ((active.get() > 0 || exchanges.get() > 0) && deadline - System.nanoTime() > 0) {
      Thread.sleep(50);
    }
    boolean finished = active.get() == 0;
    close();
    return finished;
  }

  @Override
  public void close() {
    exit.countDown();
    if (closed.compareAndSet(false, true)) {
      http.stop(0);
      lake.close();
    }
  }
}
