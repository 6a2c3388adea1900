package dev.featherman.gateway.flightsql;

import dev.featherman.engine.EngineException;
import dev.featherman.engine.query.QueryException;
import dev.featherman.gateway.api.GatewayException;
import java.util.concurrent.ExecutionException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;

/** The Flight status for each way a statement fails, with the message the REST API would give. */
final class FlightErrors {
  private FlightErrors() {}

  /** {@code failure} as the Flight error a client should see. */
  static FlightRuntimeException of(Throwable failure) {
    Throwable t =
        failure instanceof ExecutionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (t instanceof FlightRuntimeException flight) {
      return flight;
    }
    return statusOf(t)
        .withDescription(String.valueOf(t.getMessage()))
        .withCause(t)
        .toRuntimeException();
  }

  private static CallStatus statusOf(Throwable t) {
    int http =
        t instanceof GatewayException g
            ? g.status().value()
            : t instanceof QueryException q
                ? q.reason().httpStatus()
                : t instanceof EngineException ? 400 : 500;
    return switch (http) {
      case 400, 413 -> CallStatus.INVALID_ARGUMENT;
      case 401 -> CallStatus.UNAUTHENTICATED;
      case 403 -> CallStatus.UNAUTHORIZED;
      case 404 -> CallStatus.NOT_FOUND;
      case 409 -> CallStatus.ALREADY_EXISTS;
      case 429, 503 -> CallStatus.UNAVAILABLE;
      case 504 -> CallStatus.TIMED_OUT;
      default -> CallStatus.INTERNAL;
    };
  }
}
