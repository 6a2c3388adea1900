package dev.featherman.gateway.api;

import dev.featherman.engine.EngineException;
import dev.featherman.engine.query.QueryException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every error as application/problem+json, with no stack traces and no secrets. */
@RestControllerAdvice
public class ProblemHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(GatewayException.class)
  ResponseEntity<ProblemDetail> gateway(GatewayException e, HttpServletResponse response) {
    return problem(e.status(), e.getMessage(), response);
  }

  @ExceptionHandler(QueryException.class)
  ResponseEntity<ProblemDetail> query(QueryException e, HttpServletResponse response) {
    return problem(statusOf(e.reason()), e.getMessage(), response);
  }

  /** The HTTP status for each way a query can fail. */
  static HttpStatus statusOf(QueryException.Reason reason) {
    return HttpStatus.valueOf(reason.httpStatus());
  }

  @ExceptionHandler(EngineException.class)
  ResponseEntity<ProblemDetail> engine(EngineException e, HttpServletResponse response) {
    log.warn("query failed in the engine: {}", e.getMessage());
    return problem(HttpStatus.BAD_REQUEST, e.getMessage(), response);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(
      HttpMessageNotReadableException e, HttpServletResponse response) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RequestGuard.BodyTooLargeException tooLarge) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, tooLarge.getMessage(), response);
      }
    }
    return problem(
        HttpStatus.BAD_REQUEST,
        "the body must be JSON like {\"sql\": \"SELECT 1\", \"catalog\": \"example\", \"format\": \"csv\"}",
        response);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> mediaType(
      HttpMediaTypeNotSupportedException e, HttpServletResponse response) {
    return problem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE, "send the request body as application/json", response);
  }

  @ExceptionHandler({
    org.springframework.web.servlet.resource.NoResourceFoundException.class,
    org.springframework.web.servlet.NoHandlerFoundException.class
  })
  ResponseEntity<ProblemDetail> notFound(Exception e, HttpServletResponse response) {
    return problem(
        HttpStatus.NOT_FOUND,
        "no such endpoint; the API is described at /v1/openapi.yaml",
        response);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> method(
      HttpRequestMethodNotSupportedException e, HttpServletResponse response) {
    java.util.Set<org.springframework.http.HttpMethod> allowed = e.getSupportedHttpMethods();
    String methods =
        allowed == null || allowed.isEmpty()
            ? ""
            : String.join(", ", allowed.stream().map(m -> m.name()).sorted().toList());
    ResponseEntity<ProblemDetail> answer =
        problem(
            HttpStatus.METHOD_NOT_ALLOWED,
            e.getMethod()
                + " is not allowed here"
                + (methods.isEmpty() ? "" : "; use " + methods)
                + " (the API is described at /v1/openapi.yaml)",
            response);
    HttpHeaders headers = new HttpHeaders();
    headers.putAll(answer.getHeaders());
    headers.set(HttpHeaders.ALLOW, methods);
    return new ResponseEntity<>(answer.getBody(), headers, answer.getStatusCode());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletResponse response) {
    // One line at ERROR; the stack trace only when debugging is switched on for this class.
    log.error("unexpected error: {}", e.toString());
    log.debug("unexpected error", e);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR, "internal error; the gateway log has details", response);
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String detail, HttpServletResponse response) {
    if (response.isCommitted()) {
      log.warn("query stopped after its result began streaming ({}): {}", status.value(), detail);
      // Streaming had begun: the status is gone, so the connection is cut and the client sees a
      // truncated (unterminated) body rather than a result that looks complete.
      throw new IllegalStateException("query failed after streaming started: " + detail);
    }
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setTitle(status.getReasonPhrase());
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (status == HttpStatus.UNAUTHORIZED) {
      headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    return new ResponseEntity<>(body, headers, status);
  }
}
