package dev.featherman.gateway.flightsql;

import dev.featherman.gateway.auth.Principal;
import dev.featherman.gateway.auth.TokenAuthenticator;
import java.util.Optional;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;

/**
 * Authenticates every Flight call by its bearer token before any request message is read, as the
 * REST API does, and carries the caller and the catalog it names ({@value #CATALOG_HEADER}) to the
 * producer.
 */
final class CallerMiddleware implements FlightServerMiddleware {
  /** How the producer finds this call's middleware. */
  static final Key<CallerMiddleware> KEY = Key.of("featherman-caller");

  /**
   * The header naming the catalog a session's statements run against: JDBC passes unknown URL
   * parameters as headers, ADBC takes {@code adbc.flight.sql.rpc.call_header.<name>} options.
   */
  static final String CATALOG_HEADER = "x-featherman-catalog";

  private final Principal caller;
  private final String catalog;

  private CallerMiddleware(Principal caller, String catalog) {
    this.caller = caller;
    this.catalog = catalog == null || catalog.isBlank() ? null : catalog.strip();
  }

  /** Who made the call. */
  Principal caller() {
    return caller;
  }

  /** The catalog the call's headers name, if any. */
  Optional<String> catalog() {
    return Optional.ofNullable(catalog);
  }

  @Override
  public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {}

  @Override
  public void onCallCompleted(CallStatus status) {}

  @Override
  public void onCallErrored(Throwable err) {}

  /** Makes the middleware of each call, refusing calls without a valid token. */
  static final class Factory implements FlightServerMiddleware.Factory<CallerMiddleware> {
    private final TokenAuthenticator authenticator;

    Factory(TokenAuthenticator authenticator) {
      this.authenticator = authenticator;
    }

    @Override
    public CallerMiddleware onCallStarted(
        CallInfo info, CallHeaders incomingHeaders, RequestContext context) {
      Principal caller =
          authenticator
              .authenticate(incomingHeaders.get("authorization"))
              .orElseThrow(
                  () ->
                      CallStatus.UNAUTHENTICATED
                          .withDescription(
                              "send a valid token as 'authorization: Bearer <token>' (JDBC:"
                                  + " token=<token> in the URL; ADBC: the"
                                  + " adbc.flight.sql.authorization_header option)")
                          .toRuntimeException());
      return new CallerMiddleware(caller, incomingHeaders.get(CATALOG_HEADER));
    }
  }
}
