package dev.featherman.gateway.api;

import dev.featherman.engine.query.OutputFormat;
import dev.featherman.engine.query.QueryControl;
import dev.featherman.engine.query.QueryException;
import dev.featherman.gateway.auth.Principal;
import dev.featherman.gateway.auth.TokenAuthenticator;
import dev.featherman.gateway.config.GatewayProperties;
import dev.featherman.gateway.executor.Route;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * POST /query (Go compatible) and the versioned POST /v1/queries + DELETE /v1/queries/{id}:
 * authenticate, authorize, admit, run one statement, stream the result.
 */
@RestController
public class QueryController {
  public static final String CATALOG_HEADER = "X-Featherman-Catalog";
  public static final String POD_HEADER = "X-Featherman-Pod";
  public static final String DURATION_HEADER = "X-Featherman-Duration";
  public static final String QUERY_ID_HEADER = "X-Featherman-Query-Id";
  public static final String ROUTE_HEADER = "X-Featherman-Route";
  private static final Pattern QUERY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final TokenAuthenticator authenticator;
  private final QueryService queries;
  private final GatewayProperties.Limits limits;

  public QueryController(
      TokenAuthenticator authenticator, QueryService queries, GatewayProperties properties) {
    this.authenticator = authenticator;
    this.queries = queries;
    this.limits = properties.limits();
  }

  @PostMapping(path = "/query", consumes = MediaType.APPLICATION_JSON_VALUE)
  public void query(
      @RequestBody QueryRequest request,
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      HttpServletResponse response)
      throws Exception {
    run(request, authorization, response, false);
  }

  @PostMapping(path = "/v1/queries", consumes = MediaType.APPLICATION_JSON_VALUE)
  public void queryV1(
      @RequestBody QueryRequest request,
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      HttpServletResponse response)
      throws Exception {
    run(request, authorization, response, true);
  }

  /** Cancels a running query started by the same principal on this replica. */
  @DeleteMapping("/v1/queries/{id}")
  public ResponseEntity<Void> cancel(
      @PathVariable("id") String id,
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
    Principal principal = authenticate(authorization);
    if (!queries.cancel(id, principal.name())) {
      throw new GatewayException(HttpStatus.NOT_FOUND, "no running query '" + id + "' of yours");
    }
    return ResponseEntity.noContent().build();
  }

  private Principal authenticate(String authorization) {
    Object guarded =
        org.springframework.web.context.request.RequestContextHolder.currentRequestAttributes()
            .getAttribute(
                RequestGuard.PRINCIPAL,
                org.springframework.web.context.request.RequestAttributes.SCOPE_REQUEST);
    if (guarded instanceof Principal principal) {
      return principal; // RequestGuard authenticated this request before its body was read
    }
    return authenticator
        .authenticate(authorization)
        .orElseThrow(
            () ->
                new GatewayException(
                    HttpStatus.UNAUTHORIZED,
                    "send a valid token as 'Authorization: Bearer <token>'"));
  }

  private void run(
      QueryRequest request, String authorization, HttpServletResponse response, boolean versioned)
      throws Exception {
    long started = System.nanoTime();
    String catalog = request == null ? null : request.catalog();
    String format = request == null ? null : request.format();
    int[] status = {500};
    try {
      Principal principal = authenticate(authorization);
      if (request == null || request.sql() == null || request.sql().isBlank()) {
        throw new GatewayException(HttpStatus.BAD_REQUEST, "field 'sql' is required");
      }
      if (catalog == null || catalog.isBlank()) {
        throw new GatewayException(
            HttpStatus.BAD_REQUEST,
            "field 'catalog' is required: name the DuckLakeCatalog to query");
      }
      OutputFormat outputFormat = OutputFormat.parse(format);
      String requestedId = queryId(request.id()); // checked on /query too, used on /v1 only
      String id = versioned ? requestedId : UUID.randomUUID().toString();
      Route route = new Route();
      DeferredCommitStream body =
          new DeferredCommitStream(
              response,
              limits.commitThreshold(),
              () -> {
                response.setStatus(HttpStatus.OK.value());
                response.setContentType(outputFormat.contentType());
                response.setHeader(CATALOG_HEADER, catalog);
                response.setHeader(POD_HEADER, route.pod());
                response.setHeader(ROUTE_HEADER, route.via());
                response.setHeader(DURATION_HEADER, millis(System.nanoTime() - started));
                response.setHeader(QUERY_ID_HEADER, id);
              });
      queries.run(
          principal,
          new QueryService.Statement(
              id,
              catalog,
              request.sql(),
              request.checkedParams(),
              outputFormat,
              body,
              new QueryControl(),
              route));
      body.finish();
      status[0] = 200;
    } catch (GatewayException e) {
      status[0] = e.status().value();
      throw e;
    } catch (QueryException e) {
      status[0] = ProblemHandler.statusOf(e.reason()).value();
      throw e;
    } finally {
      // Only known values become labels: arbitrary client strings would explode the series count.
      String catalogLabel = catalog != null && queries.serves(catalog) ? catalog : "other";
      String formatLabel = knownFormat(format);
      queries
          .metrics()
          .request(
              catalogLabel, formatLabel, status[0], Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private static String knownFormat(String format) {
    try {
      return OutputFormat.parse(format).name().toLowerCase(Locale.ROOT);
    } catch (QueryException e) {
      return "invalid";
    }
  }

  private static String queryId(String requested) {
    if (requested == null) {
      return UUID.randomUUID().toString();
    }
    if (!QUERY_ID.matcher(requested).matches()) {
      throw new GatewayException(
          HttpStatus.BAD_REQUEST,
          "field 'id' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return requested;
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3fms", nanos / 1e6);
  }
}
