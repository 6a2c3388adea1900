package dev.featherman.gateway.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featherman.api.worker.ExecuteRequest;
import dev.featherman.api.worker.IngestCall;
import dev.featherman.api.worker.RegisterFilesCall;
import dev.featherman.api.worker.ResultEnd;
import dev.featherman.engine.ingest.IngestResult;
import dev.featherman.engine.ingest.LakeFiles;
import dev.featherman.engine.query.OutputFormat;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.query.QueryLimits;
import dev.featherman.engine.query.QueryOutcome;
import dev.featherman.gateway.api.GatewayException;
import dev.featherman.gateway.executor.QueryRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;

/**
 * One query on one worker over its internal API, streamed straight to the client. Tells apart what
 * the router must handle differently: the worker is busy (try another), the worker failed before
 * any result byte (maybe retry), the query itself failed (the client's problem), and the worker
 * died mid-stream (a clean 502 while nothing was sent yet).
 */
final class WorkerCall {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The worker refused because it runs as many queries as it may (or is draining). */
  static final class Busy extends Exception {
    Busy(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The worker could not be reached or failed before the result started.
   *
   * @param delivered whether the request may have reached the worker (retry reads only)
   */
  static final class Unreachable extends Exception {
    final boolean delivered;

    Unreachable(String message, boolean delivered, Throwable cause) {
      super(message, cause);
      this.delivered = delivered;
    }
  }

  private final HttpClient http;

  WorkerCall(HttpClient http) {
    this.http = http;
  }

  QueryOutcome run(WorkerDirectory.Worker worker, String token, QueryRun run)
      throws Busy, Unreachable {
    String sql = run.sql();
    OutputFormat format = run.format();
    OutputStream out = run.out();
    QueryLimits limits = run.limits();
    QueryControl control = run.control();
    boolean mayWrite = run.mayWrite();
    long started = System.nanoTime();
    ExecuteRequest body =
        new ExecuteRequest(
            sql,
            run.params(),
            format.name().toLowerCase(java.util.Locale.ROOT),
            mayWrite,
            run.id(),
            run.owner(),
            limits.maxRows(),
            limits.maxBytes(),
            limits.timeout().toMillis(),
            run.inspect());
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://" + worker.host() + ":" + worker.port() + "/v1/execute"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header(ResultEnd.REQUEST_HEADER, ResultEnd.VERSION)
            // The worker enforces the query timeout; this only bounds a worker that hangs.
            .timeout(limits.timeout().plus(Duration.ofSeconds(30)))
            .POST(HttpRequest.BodyPublishers.ofString(json(body)))
            .build();
    if (control.isStopped()) {
      // Cancelled while it waited for this worker (in the line, or for a Job to start).
      throw new QueryException(control.stoppedReason(), "the query was cancelled");
    }
    // Cancelled while the worker computes (no response yet): the worker stops it by its id.
    control.onStop(() -> cancel(worker, token, run.id(), run.owner()));
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new Unreachable("cannot connect to worker " + worker.pod(), false, e);
    } catch (IOException e) {
      throw new Unreachable("worker " + worker.pod() + " failed: " + e.getMessage(), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueryException(QueryException.Reason.CANCELLED, "the query was cancelled");
    }
    int status = response.statusCode();
    try (InputStream in = response.body()) {
      if (status == 429) {
        throw new Busy("worker " + worker.pod() + " answered " + status);
      }
      if (status == 503) {
        // Draining (try another worker), unless it was this query that was cancelled there.
        String problem = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (problem.contains("\"reason\":\"" + QueryException.Reason.CANCELLED.name() + "\"")) {
          throw new QueryException(QueryException.Reason.CANCELLED, "the query was cancelled");
        }
        throw new Busy("worker " + worker.pod() + " answered " + status);
      }
      if (status != 200) {
        throw failure(status, in);
      }
      control.onStop( // cancelled while streaming: the worker sees the hang-up as well
          () -> {
            closeQuietly(in);
            cancel(worker, token, run.id(), run.owner());
          });
      boolean endRecord =
          response
              .headers()
              .firstValue(ResultEnd.REQUEST_HEADER)
              .filter(ResultEnd.VERSION::equals)
              .isPresent();
      long bytes = copy(worker, in, out, control, endRecord ? ResultEnd.SIZE : 0);
      return new QueryOutcome(-1, bytes, Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      throw new GatewayException(
          HttpStatus.BAD_GATEWAY, "worker " + worker.pod() + " failed: " + e.getMessage());
    }
  }

  /**
   * Streams one append's rows to {@code worker} ({@link IngestCall}). Busy only while none of the
   * body was read, so the caller may still send it elsewhere; after that a refusal is final.
   */
  IngestResult ingest(
      WorkerDirectory.Worker worker, String token, IngestCall call, InputStream body)
      throws Busy, Unreachable {
    UntouchedBody rows = new UntouchedBody(body);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://" + worker.host() + ":" + worker.port() + call.pathAndQuery()))
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> rows));
    call.headers().forEach(request::header);
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new Unreachable("cannot connect to worker " + worker.pod(), false, e);
    } catch (IOException e) {
      throw new Unreachable(
          "worker " + worker.pod() + " failed: " + e.getMessage(), rows.touched(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueryException(QueryException.Reason.CANCELLED, "the append was cancelled");
    }
    int status = response.statusCode();
    try (InputStream in = response.body()) {
      if ((status == 429 || status == 503) && !rows.touched()) {
        throw new Busy("worker " + worker.pod() + " answered " + status);
      }
      if (status != 200) {
        throw failure(status, in);
      }
      var answer = JSON.readValue(in, IngestCall.Answer.class);
      return new IngestResult(
          answer.rows(), answer.bytes(), answer.snapshotId(), answer.duplicate());
    } catch (IOException e) {
      throw new GatewayException(
          HttpStatus.BAD_GATEWAY,
          "worker "
              + worker.pod()
              + " failed while appending: "
              + e.getMessage()
              + "; send the request again with the same Idempotency-Key");
    }
  }

  /** Registers files on {@code worker} ({@link RegisterFilesCall}). */
  LakeFiles.Result registerFiles(
      WorkerDirectory.Worker worker, String token, RegisterFilesCall register)
      throws Busy, Unreachable {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://" + worker.host() + ":" + worker.port() + RegisterFilesCall.PATH))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json(register)))
            .build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new Unreachable("cannot connect to worker " + worker.pod(), false, e);
    } catch (IOException e) {
      throw new GatewayException(
          HttpStatus.BAD_GATEWAY,
          "worker " + worker.pod() + " failed: " + e.getMessage() + "; check the table's files");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueryException(QueryException.Reason.CANCELLED, "cancelled");
    }
    try (InputStream in = response.body()) {
      if (response.statusCode() == 429 || response.statusCode() == 503) {
        throw new Busy("worker " + worker.pod() + " answered " + response.statusCode());
      }
      if (response.statusCode() != 200) {
        throw failure(response.statusCode(), in);
      }
      var answer = JSON.readValue(in, RegisterFilesCall.Answer.class);
      return new LakeFiles.Result(answer.files(), answer.snapshotId());
    } catch (IOException e) {
      throw new GatewayException(
          HttpStatus.BAD_GATEWAY, "worker " + worker.pod() + " failed: " + e.getMessage());
    }
  }

  /** A body that remembers whether any byte was taken from it. */
  private static final class UntouchedBody extends java.io.FilterInputStream {
    private volatile boolean touched;

    UntouchedBody(InputStream in) {
      super(in);
    }

    boolean touched() {
      return touched;
    }

    @Override
    public int read() throws IOException {
      touched = true;
      return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      touched = true;
      return super.read(b, off, len);
    }
  }

  /** Asks {@code worker} to cancel a query it runs for another replica; true when it did. */
  CompletableFuture<Boolean> cancel(
      WorkerDirectory.Worker worker, String token, String queryId, String owner) {
    ObjectNode body = JSON.createObjectNode().put("queryId", queryId).put("owner", owner);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://" + worker.host() + ":" + worker.port() + "/v1/cancel"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString(json(body)))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(r -> r.statusCode() == 202)
        .exceptionally(e -> false);
  }

  /**
   * Relays the result and checks the worker's end record ({@link ResultEnd}) when the worker said
   * it sends one ({@code hold} bytes; 0 for a worker of an older release): the last {@code hold}
   * bytes are held back until the body ends, then judged and never relayed. A body without the
   * record was cut; a record that says the statement failed fails the query here.
   */
  private static long copy(
      WorkerDirectory.Worker worker,
      InputStream in,
      OutputStream out,
      QueryControl control,
      int hold)
      throws IOException {
    byte[] buffer = new byte[64 * 1024 + hold];
    int held = 0; // bytes at the start of buffer not relayed yet
    long total = 0;
    while (true) {
      int n;
      try {
        n = in.read(buffer, held, buffer.length - held);
      } catch (IOException e) {
        if (control.isStopped()) {
          throw new QueryException(control.stoppedReason(), "the query was cancelled", e);
        }
        throw new GatewayException(
            HttpStatus.BAD_GATEWAY,
            "worker "
                + worker.pod()
                + " stopped while streaming the result ("
                + e.getMessage()
                + "); the result is incomplete, run the query again");
      }
      if (n < 0) {
        if (hold > 0) {
          end(worker, java.util.Arrays.copyOf(buffer, held));
        } else if (held > 0) {
          out.write(buffer, 0, held);
          total += held;
        }
        return total;
      }
      held += n;
      int relay = held - hold;
      if (relay > 0) {
        out.write(buffer, 0, relay); // an IOException here is the client hanging up
        total += relay;
        System.arraycopy(buffer, relay, buffer, 0, hold);
        held = hold;
      }
    }
  }

  /** Judges the held-back tail: the worker's end record, or proof that the body was cut. */
  private static void end(WorkerDirectory.Worker worker, byte[] tail) {
    ResultEnd end =
        ResultEnd.decode(tail)
            .orElseThrow(
                () ->
                    new GatewayException(
                        HttpStatus.BAD_GATEWAY,
                        "worker "
                            + worker.pod()
                            + " ended the result without its end record; the result is"
                            + " incomplete, run the query again"));
    if (end.ok()) {
      return;
    }
    QueryException.Reason reason;
    try {
      reason = QueryException.Reason.valueOf(end.reason());
    } catch (IllegalArgumentException | NullPointerException unknown) {
      throw new GatewayException(HttpStatus.BAD_GATEWAY, end.message());
    }
    throw new QueryException(reason, end.message());
  }

  private static RuntimeException failure(int status, InputStream in) throws IOException {
    String detail;
    try {
      detail =
          JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .path("detail")
              .asText("worker answered " + status);
    } catch (IOException | RuntimeException e) {
      detail = "worker answered " + status;
    }
    for (QueryException.Reason reason : QueryException.Reason.values()) {
      if (reason.httpStatus() == status) {
        return new QueryException(reason, detail);
      }
    }
    return new GatewayException(HttpStatus.BAD_GATEWAY, detail);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  private static String json(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
