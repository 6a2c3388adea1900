package dev.featherman.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TokenReview identifies, SubjectAccessReview authorizes per catalog and verb, both cached. */
class KubernetesAuthorizerTest {
  final TestingKubernetesApi api = new TestingKubernetesApi();
  final MutableClock clock = new MutableClock();
  final KubernetesAuthorizer authorizer =
      new KubernetesAuthorizer(
          api.server.createClient(),
          TestingKubernetesApi.NAMESPACE,
          List.of(),
          Duration.ofSeconds(30),
          clock);
  final TokenAuthenticator tokens = new TokenAuthenticator(List.of(), authorizer);

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void rbacDecidesPerCatalogAndVerb() {
    Principal alice = tokens.authenticate("Bearer alice-token").orElseThrow();
    Principal bob = tokens.authenticate("Bearer bob-token").orElseThrow();
    assertThat(alice.name()).isEqualTo("alice");
    assertThat(alice.mayQuery("example")).isTrue();
    assertThat(alice.mayWrite("example")).isFalse();
    assertThat(alice.mayQuery("sales")).isFalse();
    assertThat(bob.mayWrite("example")).isTrue();
    assertThat(tokens.authenticate("Bearer mallory-token")).isEmpty();
    // A catalog of another namespace is asked about in that namespace, not the gateway's.
    assertThat(alice.mayQuery("lakes/example")).isTrue();
    assertThat(alice.mayQuery("elsewhere/example")).isFalse();
  }

  @Test
  void decisionsAreCachedUntilTheyExpire() {
    for (int i = 0; i < 10; i++) {
      assertThat(tokens.authenticate("Bearer alice-token").orElseThrow().mayQuery("example"))
          .isTrue();
    }
    assertThat(api.tokenReviews.get()).isEqualTo(1);
    assertThat(api.accessReviews.get()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(31));
    tokens.authenticate("Bearer alice-token").orElseThrow().mayQuery("example");
    assertThat(api.tokenReviews.get()).isEqualTo(2);
    assertThat(api.accessReviews.get()).isEqualTo(2);
  }

  @Test
  void apiServerOutageDeniesInsteadOfFailingOpen() {
    Principal alice = tokens.authenticate("Bearer alice-token").orElseThrow();
    api.server.reset();
    assertThat(alice.mayQuery("sales")).isFalse();
    assertThat(tokens.authenticate("Bearer bob-token")).isEmpty();
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
