package dev.featherman.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** POST /validate and POST /mutate: AdmissionReview in, AdmissionReview out. */
@RestController
public class AdmissionController {
  private final AdmissionService service;
  private final MeterRegistry registry;

  public AdmissionController(AdmissionService service, MeterRegistry registry) {
    this.service = service;
    this.registry = registry;
  }

  @PostMapping(path = "/validate", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> validate(@RequestBody(required = false) String body) {
    return answer(body, false);
  }

  @PostMapping(path = "/mutate", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> mutate(@RequestBody(required = false) String body) {
    return answer(body, true);
  }

  private ResponseEntity<String> answer(String body, boolean mutate) {
    AdmissionService.Outcome outcome = service.review(body == null ? "" : body, mutate);
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

  @ExceptionHandler(AdmissionService.BadReviewException.class)
  ResponseEntity<ProblemDetail> badReview(AdmissionService.BadReviewException e) {
    Counter.builder("featherman.webhook.admissions")
        .tags("webhook", "any", "kind", "unknown", "operation", "none", "result", "malformed")
        .register(registry)
        .increment();
    return ResponseEntity.badRequest()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
  }
}
