package dev.featherman.gateway.auth;

import dev.featherman.gateway.config.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks bearer tokens: first against configured SHA-256 digests (tokens themselves are never
 * stored or logged; digests are compared in constant time), then, when enabled, with a Kubernetes
 * TokenReview.
 */
public final class TokenAuthenticator {
  private record Entry(byte[] digest, Principal principal) {}

  private final List<Entry> entries = new ArrayList<>();
  private final KubernetesAuthorizer kubernetes;

  public TokenAuthenticator(List<GatewayProperties.StaticToken> tokens) {
    this(tokens, null);
  }

  /**
   * @param kubernetes TokenReview/SubjectAccessReview source, or null to use static tokens only
   */
  public TokenAuthenticator(
      List<GatewayProperties.StaticToken> tokens, KubernetesAuthorizer kubernetes) {
    this.kubernetes = kubernetes;
    for (GatewayProperties.StaticToken t : tokens) {
      entries.add(
          new Entry(
              HexFormat.of().parseHex(t.sha256()),
              new StaticPrincipal(
                  t.name(),
                  // No list means no catalog: access is granted explicitly ("*" for all).
                  t.catalogs() == null ? Set.of() : Set.copyOf(t.catalogs()),
                  t.write(),
                  new ResultCaps(t.maxRows(), t.maxBytes()))));
    }
  }

  /** Adds a token known in clear text (the embedded token), keeping only its digest. */
  public void addToken(String token, Principal principal) {
    entries.add(new Entry(sha256(token), principal));
  }

  /**
   * The principal for an {@code Authorization} header value, if it carries a known bearer token.
   */
  public Optional<Principal> authenticate(String authorizationHeader) {
    if (authorizationHeader == null
        || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = authorizationHeader.substring(7).trim();
    if (token.isEmpty()) {
      return Optional.empty();
    }
    byte[] digest = sha256(token);
    Principal found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.digest(), digest)) {
        found = e.principal();
      }
    }
    if (found == null && kubernetes != null) {
      return kubernetes.authenticate(token);
    }
    return Optional.ofNullable(found);
  }

  /** Hex SHA-256, as the configuration stores tokens. */
  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
