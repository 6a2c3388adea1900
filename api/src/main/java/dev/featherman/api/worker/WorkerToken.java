package dev.featherman.api.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The shared secret workers accept, as the services that call them read it: a configured value, or
 * else a mounted Secret file. Refuses to start without one, or with one too short to be random.
 */
public final class WorkerToken {
  static final int MIN_LENGTH = 16;

  private WorkerToken() {}

  /**
   * @param value the configured token (blank: read {@code file})
   * @param file where the Secret is mounted
   * @param property the configuration prefix, for error messages (e.g. featherman.pool)
   */
  public static String resolve(String value, String file, String property) {
    String token;
    String source;
    if (value != null && !value.isBlank()) {
      token = value.strip();
      source = property + ".worker-token";
    } else {
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
        token = Files.readString(path, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the worker token at " + path, e);
      }
      source = path.toString();
    }
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
