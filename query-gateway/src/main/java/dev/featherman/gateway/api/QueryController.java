package dev.featherman.gateway.api;

import dev.featherman.engine.query.OutputFormat;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.query.QueryLimits;
import dev.featherman.engine.query.QueryOutcome;
import dev.featherman.gateway.auth.Principal;
import dev.featherman.gateway.auth.TokenAuthenticator;
import dev.featherman.gateway.config.GatewayProperties;
import dev.featherman.gateway.executor.CatalogExecutor;
import dev.featherman.gateway.limits.AdmissionControl;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** POST /query: authenticate, authorize, admit, run one statement, stream the result. */
@RestController
public class QueryController {
  public static final String CATALOG_HEADER = "X-Featherman-Catalog";
  public static final String POD_HEADER = "X-Featherman-Pod";
  public static final String DURATION_HEADER = "X-Featherman-Duration";

  private final TokenAuthenticator authenticator;
  private final CatalogExecutor executor;
  private final GatewayProperties.Limits limits;
  private final AdmissionControl admission;
  private final GatewayMetrics metrics;

  public QueryController(
      TokenAuthenticator authenticator, CatalogExecutor executor, GatewayProperties properties, MeterRegistry registry) {
    this.authenticator = authenticator;
    this.executor = executor;
    this.limits = properties.limits();
    this.admission = new AdmissionControl(limits.maxConcurrent(), limits.maxQueued(), limits.maxWait());
    this.metrics = new GatewayMetrics(registry, admission, limits.maxConcurrent());
  }

  @PostMapping(path = "/query", consumes = MediaType.APPLICATION_JSON_VALUE)
  public void query(
      @RequestBody QueryRequest request,
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      HttpServletResponse response) throws Exception {
    long started = System.nanoTime();
    String catalog = request == null ? null : request.catalog();
    String format = request == null ? null : request.format();
    int[] status = {500};
    try {
      Principal principal = authenticator.authenticate(authorization).orElseThrow(() ->
          new GatewayException(HttpStatus.UNAUTHORIZED, "send a valid token as 'Authorization: Bearer <token>'"));
      if (request.sql() == null || request.sql().isBlank()) {
        throw new GatewayException(HttpStatus.BAD_REQUEST, "field 'sql' is required");
      }
      if (catalog == null || catalog.isBlank()) {
        throw new GatewayException(HttpStatus.BAD_REQUEST, "field 'catalog' is required: name the DuckLakeCatalog to query");
      }
      OutputFormat outputFormat = OutputFormat.parse(format);
      if (!principal.mayQuery(catalog)) {
        throw new GatewayException(HttpStatus.FORBIDDEN, "this token may not query catalog '" + catalog + "'");
      }
      if (!executor.serves(catalog)) {
        throw new GatewayException(HttpStatus.NOT_FOUND, "catalog '" + catalog + "' does not exist or is not served here");
      }
      try (AutoCloseable slot = admission.admit()) {
        QueryControl control = new QueryControl();
        DeferredCommitStream body = new DeferredCommitStream(response, limits.commitThreshold(), () -> {
          response.setStatus(HttpStatus.OK.value());
          response.setContentType(outputFormat.contentType());
          response.setHeader(CATALOG_HEADER, catalog);
          response.setHeader(POD_HEADER, executor.location());
          response.setHeader(DURATION_HEADER, millis(System.nanoTime() - started));
        });
        QueryOutcome outcome = executor.execute(catalog, request.sql(), outputFormat, body,
            new QueryLimits(limits.maxRows(), limits.maxBytes(), limits.timeout()), control, principal.write());
        body.finish();
        metrics.streamed(catalog, outputFormat, outcome);
        status[0] = 200;
      }
    } catch (GatewayException e) {
      status[0] = e.status().value();
      throw e;
    } catch (QueryException e) {
      status[0] = switch (e.reason()) {
        case BAD_REQUEST -> 400;
        case FORBIDDEN -> 403;
        case RESULT_TOO_LARGE -> 413;
        case TIMEOUT -> 504;
        case CANCELLED -> 503;
      };
      throw e;
    } finally {
      metrics.request(catalog, format, status[0], Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private static String millis(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.3fms", nanos / 1e6);
  }
}
