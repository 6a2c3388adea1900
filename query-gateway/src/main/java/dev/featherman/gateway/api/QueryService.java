package dev.featherman.gateway.api;

import dev.featherman.api.worker.Inspection;
import dev.featherman.engine.ingest.IngestFormat;
import dev.featherman.engine.ingest.IngestLimits;
import dev.featherman.engine.ingest.IngestResult;
import dev.featherman.engine.ingest.LakeFiles;
import dev.featherman.engine.ingest.LakeIngest;
import dev.featherman.engine.query.OutputFormat;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.engine.query.QueryLimits;
import dev.featherman.engine.query.QueryOutcome;
import dev.featherman.gateway.auth.Principal;
import dev.featherman.gateway.config.GatewayProperties;
import dev.featherman.gateway.executor.CatalogExecutor;
import dev.featherman.gateway.executor.QueryRun;
import dev.featherman.gateway.executor.Route;
import dev.featherman.gateway.limits.AdmissionControl;
import dev.featherman.gateway.limits.IngestRate;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * Runs one statement for an authenticated caller, whichever protocol it came by (REST, Flight SQL):
 * authorize against the catalog, register the query so its owner can cancel it, wait for an
 * admission slot, execute within the gateway's limits. Every front end shares the same slots,
 * per-caller quota and running-query list.
 */
public final class QueryService {
  private final CatalogExecutor executor;
  private final GatewayProperties.Limits limits;
  private final AdmissionControl admission;
  private final GatewayMetrics metrics;
  private final IngestRate ingestRate;
  private final RunningQueries running = new RunningQueries();

  public QueryService(
      CatalogExecutor executor, GatewayProperties properties, MeterRegistry registry) {
    this.executor = executor;
    this.limits = properties.limits();
    this.admission =
        new AdmissionControl(
            limits.maxConcurrent(), limits.maxQueued(), limits.maxWait(), limits.maxPerPrincipal());
    this.metrics = new GatewayMetrics(registry, admission, limits.maxConcurrent());
    this.ingestRate = new IngestRate(limits.maxIngestBytesPerSecond(), registry);
  }

  /**
   * One statement as a front end hands it over.
   *
   * @param params values bound to its placeholders, in order (empty for none)
   */
  public record Statement(
      String id,
      String catalog,
      String sql,
      List<Object> params,
      OutputFormat format,
      OutputStream out,
      QueryControl control,
      Route route,
      Inspection inspect) {

    /** A statement to run (no inspection). */
    public Statement(
        String id,
        String catalog,
        String sql,
        List<Object> params,
        OutputFormat format,
        OutputStream out,
        QueryControl control,
        Route route) {
      this(id, catalog, sql, params, format, out, control, route, null);
    }
  }

  /**
   * Runs {@code statement} for {@code caller}, streaming its result to the statement's stream.
   *
   * @throws GatewayException when the caller may not, the catalog is unknown, the id is taken, or
   *     no slot frees up in time
   */
  public QueryOutcome run(Principal caller, Statement statement) throws Exception {
    String catalog = statement.catalog();
    if (!caller.mayQuery(catalog)) {
      throw new GatewayException(
          HttpStatus.FORBIDDEN, "this token may not query catalog '" + catalog + "'");
    }
    if (!executor.serves(catalog)) {
      throw new GatewayException(
          HttpStatus.NOT_FOUND, "catalog '" + catalog + "' does not exist or is not served here");
    }
    if (!running.register(
        statement.id(),
        new RunningQueries.Entry(caller.name(), catalog, Instant.now(), statement.control()))) {
      throw new GatewayException(
          HttpStatus.CONFLICT,
          "query id '" + statement.id() + "' is already running; choose another");
    }
    try (AutoCloseable slot = admission.admit(caller.name())) {
      QueryOutcome outcome =
          executor.execute(
              new QueryRun(
                  statement.id(),
                  caller.name(),
                  catalog,
                  statement.sql(),
                  statement.params(),
                  statement.format(),
                  statement.out(),
                  caller
                      .caps()
                      .within(
                          new QueryLimits(limits.maxRows(), limits.maxBytes(), limits.timeout())),
                  statement.control(),
                  caller.mayWrite(catalog),
                  statement.route(),
                  statement.inspect()));
      metrics.streamed(catalog, statement.format(), outcome);
      return outcome;
    } finally {
      running.remove(statement.id());
    }
  }

  /**
   * Appends {@code body}'s rows to {@code table} for {@code caller}, who must be allowed to write
   * the catalog, within an admission slot like any statement.
   */
  public IngestResult ingest(
      Principal caller,
      String catalog,
      String table,
      IngestFormat format,
      java.io.InputStream body,
      String idempotencyKey)
      throws Exception {
    return ingest(
        caller,
        catalog,
        format,
        caps -> new LakeIngest.Request(table, format, body, idempotencyKey, caller.name(), caps));
  }

  /**
   * As {@link #ingest(Principal, String, String, IngestFormat, java.io.InputStream, String)}, for a
   * request a front end builds itself under the gateway's caps (Flight SQL's bulk ingest).
   */
  public IngestResult ingest(
      Principal caller,
      String catalog,
      IngestFormat format,
      java.util.function.Function<IngestLimits, LakeIngest.Request> request)
      throws Exception {
    authorizeWrite(caller, catalog);
    try (AutoCloseable slot = admission.admit(caller.name())) {
      IngestResult result =
          executor.ingest(
              catalog,
              ingestRate.throttle(
                  caller.name(),
                  request.apply(
                      new IngestLimits(limits.maxIngestBytes(), limits.maxIngestRows()))));
      metrics.ingested(catalog, format, result);
      return result;
    }
  }

  /** Registers Parquet files under {@code catalog}'s data path into {@code table}. */
  public LakeFiles.Result registerFiles(
      Principal caller, String catalog, String table, List<String> files) throws Exception {
    authorizeWrite(caller, catalog);
    try (AutoCloseable slot = admission.admit(caller.name())) {
      return executor.registerFiles(catalog, new LakeFiles.Request(table, files, caller.name()));
    }
  }

  /** Refuses a caller that may not change {@code catalog}, or a catalog not served here. */
  public void authorizeWrite(Principal caller, String catalog) {
    if (!caller.mayQuery(catalog) || !caller.mayWrite(catalog)) {
      throw new GatewayException(
          HttpStatus.FORBIDDEN, "this token may not write to catalog '" + catalog + "'");
    }
    if (!executor.serves(catalog)) {
      throw new GatewayException(
          HttpStatus.NOT_FOUND, "catalog '" + catalog + "' does not exist or is not served here");
    }
  }

  /** Cancels {@code owner}'s query {@code id}, on this replica or another; false when none runs. */
  public boolean cancel(String id, String owner) {
    return running.cancel(id, owner) || executor.cancelElsewhere(id, owner);
  }

  /** The catalogs served here that {@code caller} may query, by name. */
  public List<String> catalogs(Principal caller) {
    return executor.catalogs().stream().filter(caller::mayQuery).sorted().toList();
  }

  /** Whether {@code catalog} is served here. */
  public boolean serves(String catalog) {
    return executor.serves(catalog);
  }

  /** The request counters and timers every front end reports to. */
  public GatewayMetrics metrics() {
    return metrics;
  }
}
