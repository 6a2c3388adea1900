package dev.featherman.gateway.api;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /healthz, as the Go service answered it; Kubernetes probes use /actuator/health/*. */
@RestController
public class HealthController {
  @GetMapping("/healthz")
  public Map<String, String> healthz() {
    return Map.of("status", "ok");
  }
}
