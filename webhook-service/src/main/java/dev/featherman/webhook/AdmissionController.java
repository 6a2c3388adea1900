package dev.featherman.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * POST /validate and POST /mutate: AdmissionReview in, AdmissionReview out. The body is read only
 * up to {@code featherman.webhook.max-body-bytes}: the API server never sends more (an object is at
 * most about 3 MiB, a review carries two), so anything larger is not from it and gets 413 before it
 * is parsed or held in memory.
 */
@RestController
public class AdmissionController {
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
  private final AdmissionService service;
  private final MeterRegistry registry;
  private final long maxBodyBytes;

  public AdmissionController(
      AdmissionService service,
      MeterRegistry registry,
      @Value("${featherman.webhook.max-body-bytes:8388608}") long maxBodyBytes) {
    this.service = service;
    this.registry = registry;
    this.maxBodyBytes = maxBodyBytes;
  }

  @PostMapping(path = "/validate", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> validate(HttpServletRequest request) throws IOException {
    return answer(body(request), false);
  }

  @PostMapping(path = "/mutate", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> mutate(HttpServletRequest request) throws IOException {
    return answer(body(request), true);
  }

  private String body(HttpServletRequest request) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw new BodyTooLargeException(declared + " bytes", maxBodyBytes);
    }
    // A body without a declared length is read one byte past the cap, never further.
    byte[] read = request.getInputStream().readNBytes((int) Math.min(maxBodyBytes + 1, MAX_ARRAY));
    if (read.length > maxBodyBytes) {
      throw new BodyTooLargeException("more than " + maxBodyBytes + " bytes", maxBodyBytes);
    }
    return new String(read, StandardCharsets.UTF_8);
  }

  private ResponseEntity<String> answer(String body, boolean mutate) {
    AdmissionService.Outcome outcome = service.review(body, mutate);
    Counter.builder("featherman.webhook.admissions")
        .description("Admission reviews answered, by kind, operation and result")
        .tags(
            "webhook",
            mutate ? "mutate" : "validate",
            "kind",
            outcome.kind(),
            "operation",
            outcome.operation().isEmpty() ? "none" : outcome.operation(),
            "result",
            outcome.result())
        .register(registry)
        .increment();
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(outcome.json());
  }

  @ExceptionHandler(BodyTooLargeException.class)
  ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException e) {
    count("too-large");
    return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage()));
  }

  @ExceptionHandler(AdmissionService.BadReviewException.class)
  ResponseEntity<ProblemDetail> badReview(AdmissionService.BadReviewException e) {
    count("malformed");
    return ResponseEntity.badRequest()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
  }

  private void count(String result) {
    Counter.builder("featherman.webhook.admissions")
        .tags("webhook", "any", "kind", "unknown", "operation", "none", "result", result)
        .register(registry)
        .increment();
  }

  /** A review body over the cap. */
  static final class BodyTooLargeException extends RuntimeException {
    BodyTooLargeException(String size, long max) {
      super(
          "the admission review is "
              + size
              + "; at most "
              + max
              + " bytes are read (featherman.webhook.max-body-bytes)");
    }
  }
}
