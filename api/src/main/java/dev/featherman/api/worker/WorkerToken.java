package dev.featherman.api.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The root secret from which every worker's token is derived, as the services that call workers
 * hold it: a configured value, or else a mounted Secret file, read again (at most once per recheck
 * interval) so that a rotated Secret takes effect without a restart. No worker ever receives it:
 * pool workers get their pool's token ({@link #forPool}), one-shot workers their own ({@link
 * #derived}). Refuses to start without a token, or with one too short to be random; a later
 * unreadable, empty or weak file keeps the token in use (a Secret being rewritten must not lock
 * every worker out).
 */
public final class WorkerToken {
  static final int MIN_LENGTH = 16;
  private static final Duration RECHECK = Duration.ofSeconds(1);
  private static final String POOL_PURPOSE = "pool:";

  private final Path file;
  private final long recheckNanos;
  private String current;
  private String previous;
  private long checkedAt;

  private WorkerToken(String token, Path file, Duration recheck) {
    this.current = token;
    this.file = file;
    this.recheckNanos = recheck.toNanos();
    this.checkedAt = System.nanoTime();
  }

  /**
   * @param value the configured token (blank: read {@code file}, and keep reading it)
   * @param file where the Secret is mounted
   * @param property the configuration prefix, for error messages (e.g. featherman.pool)
   */
  public static WorkerToken resolve(String value, String file, String property) {
    return resolve(value, file, property, RECHECK);
  }

  static WorkerToken resolve(String value, String file, String property, Duration recheck) {
    if (value != null && !value.isBlank()) {
      return new WorkerToken(checked(value.strip(), property + ".worker-token"), null, recheck);
    }
    Path path = Paths.get(file);
    if (!Files.isReadable(path)) {
      throw new IllegalStateException(
          "no worker token: set "
              + property
              + ".worker-token or mount the token at "
              + path
              + " ("
              + property
              + ".worker-token-file)");
    }
    try {
      String token = Files.readString(path, StandardCharsets.UTF_8).strip();
      return new WorkerToken(checked(token, path.toString()), path, recheck);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the worker token at " + path, e);
    }
  }

  /** The token to send (and to give new workers) now. */
  public synchronized String current() {
    if (file != null && System.nanoTime() - checkedAt >= recheckNanos) {
      checkedAt = System.nanoTime();
      reload();
    }
    return current;
  }

  /** The token before the last rotation this process saw, or null. */
  public synchronized String previous() {
    return previous;
  }

  /**
   * The token of the pool with uid {@code poolUid} now: HMAC-SHA256 of {@code pool:<uid>} under the
   * current worker token. Each pool's workers accept only their own pool's token, so a token read
   * from one pool's Secret (or one worker's environment) reaches no other pool, and a pool
   * recreated under the same name gets a new one.
   */
  public String forPool(String poolUid) {
    return hmac(current(), POOL_PURPOSE + poolUid);
  }

  /**
   * The token a worker of the pool {@code poolUid} that was started with the token of {@code
   * fingerprint} accepts: the pool's current token (also for a worker that names none), its token
   * under the previous worker token, or null when this process does not hold it.
   */
  public synchronized String forPool(String poolUid, String fingerprint) {
    String now = forPool(poolUid); // may reload
    if (fingerprint == null || fingerprint.equals(fingerprint(now))) {
      return now;
    }
    if (previous == null) {
      return null;
    }
    String before = hmac(previous, POOL_PURPOSE + poolUid);
    return fingerprint.equals(fingerprint(before)) ? before : null;
  }

  /**
   * The token a one-shot worker named {@code name} is given: HMAC-SHA256 of the name under the
   * current token. Any service holding the worker token can derive it (so another gateway replica
   * can reach that worker to cancel a query), while the worker cannot recover the worker token.
   */
  public String derived(String name) {
    return hmac(current(), name);
  }

  /**
   * What {@link #derived} gave {@code name} under the current token, and under the previous one.
   */
  public synchronized List<String> derivedCandidates(String name) {
    String now = current();
    return previous == null
        ? List.of(hmac(now, name))
        : List.of(hmac(now, name), hmac(previous, name));
  }

  private static String hmac(String key, String name) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void reload() {
    try {
      String read = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (read.length() >= MIN_LENGTH && !read.equals(current)) {
        previous = current;
        current = read;
      }
    } catch (IOException | UncheckedIOException e) {
      // Mid-rotation the file may be briefly absent; the token in use stays valid meanwhile.
    }
  }

  /**
   * A short, non-reversible name for a token (16 hex digits of its SHA-256), to tell which token a
   * worker pod was started with without publishing the token; null for null.
   */
  public static String fingerprint(String token) {
    if (token == null) {
      return null;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String checked(String token, String source) {
    if (token.length() < MIN_LENGTH) {
      throw new IllegalStateException(
          "the worker token in "
              + source
              + " is shorter than "
              + MIN_LENGTH
              + " characters; use a random one");
    }
    return token;
  }
}
