package dev.featherman.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featherman.gateway.api.GatewayException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Slots, the bounded queue and the wait limit. */
class AdmissionControlTest {
  @Test
  void noQueueMeans429WhenBusy() throws Exception {
    AdmissionControl admission = new AdmissionControl(1, 0, Duration.ofMillis(10));
    try (AutoCloseable slot = admission.admit()) {
      assertThat(admission.active(1)).isEqualTo(1);
      assertThatThrownBy(admission::admit)
          .isInstanceOf(GatewayException.class)
          .extracting(e -> ((GatewayException) e).status())
          .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }
    assertThat(admission.active(1)).isZero();
    admission.admit().close();
  }

  @Test
  void waitingTooLongMeans503() throws Exception {
    AdmissionControl admission = new AdmissionControl(1, 5, Duration.ofMillis(50));
    try (AutoCloseable slot = admission.admit()) {
      assertThatThrownBy(admission::admit)
          .isInstanceOf(GatewayException.class)
          .extracting(e -> ((GatewayException) e).status())
          .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
      assertThat(admission.queued()).isZero();
    }
  }

  @Test
  void onePrincipalCannotTakeEveryPlace() throws Exception {
    AdmissionControl admission = new AdmissionControl(2, 0, Duration.ofMillis(10), 1);
    AutoCloseable first = admission.admit("alice");
    GatewayException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            GatewayException.class, () -> admission.admit("alice"));
    org.assertj.core.api.Assertions.assertThat(refused.status().value()).isEqualTo(429);
    org.assertj.core.api.Assertions.assertThat(refused.getMessage()).contains("max-per-principal");
    AutoCloseable other = admission.admit("bob");
    first.close();
    admission.admit("alice").close();
    other.close();
  }
}
