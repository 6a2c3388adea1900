package dev.featherman.gateway.api;

import org.springframework.http.HttpStatus;

/** A request the gateway refuses, with the status and a message that says what to change. */
public class GatewayException extends RuntimeException {
  private final HttpStatus status;

  public GatewayException(HttpStatus status, String message) {
    super(message);
    this.status = status;
  }

  public HttpStatus status() {
    return status;
  }
}
