package dev.featherman.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.gateway.config.GatewayProperties;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bearer tokens are matched by digest, never by the stored token itself. */
class TokenAuthenticatorTest {
  @Test
  void matchesHashedTokensOnly() {
    TokenAuthenticator auth =
        new TokenAuthenticator(
            List.of(
                new GatewayProperties.StaticToken(
                    "analyst",
                    TokenAuthenticator.sha256Hex("s3cret"),
                    List.of("sales"),
                    false,
                    0,
                    0)));
    assertThat(auth.authenticate("Bearer s3cret"))
        .hasValueSatisfying(
            p -> {
              assertThat(p.name()).isEqualTo("analyst");
              assertThat(p.mayQuery("sales")).isTrue();
              assertThat(p.mayQuery("hr")).isFalse();
              assertThat(p.mayWrite("sales")).isFalse();
            });
    assertThat(auth.authenticate("bearer s3cret")).isPresent();
    assertThat(auth.authenticate("Bearer wrong")).isEmpty();
    assertThat(auth.authenticate("Bearer " + TokenAuthenticator.sha256Hex("s3cret")))
        .as("the digest is not a token")
        .isEmpty();
    assertThat(auth.authenticate("Basic czNjcmV0")).isEmpty();
    assertThat(auth.authenticate("Bearer ")).isEmpty();
    assertThat(auth.authenticate(null)).isEmpty();
  }

  @Test
  void wildcardAndAddedTokens() {
    TokenAuthenticator auth = new TokenAuthenticator(List.of());
    auth.addToken("owner", new StaticPrincipal("owner", Set.of("*"), true));
    assertThat(auth.authenticate("Bearer owner"))
        .hasValueSatisfying(p -> assertThat(p.mayQuery("anything")).isTrue());
  }
}
