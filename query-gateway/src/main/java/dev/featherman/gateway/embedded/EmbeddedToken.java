package dev.featherman.gateway.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * The token of embedded mode: FEATHERMAN_TOKEN when set, else one generated at first start, printed
 * once and kept (owner-readable only) in the data directory for later starts.
 */
public final class EmbeddedToken {
  public static final String ENV = "FEATHERMAN_TOKEN";

  private EmbeddedToken() {}

  /**
   * @param fromEnv the environment variable's value, or null
   * @param dataDirectory where the generated token is kept
   * @param announce receives the one-time message with a newly generated token
   */
  public static String resolve(String fromEnv, Path dataDirectory, Consumer<String> announce) {
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    Path file = dataDirectory.resolve("token");
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      Files.createDirectories(dataDirectory);
      Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system; the file keeps the directory's permissions.
      }
      announce.accept(
          "Generated an API token (kept in "
              + file
              + "; set "
              + ENV
              + " to choose your own):\n\n"
              + "    export TOKEN="
              + token
              + "\n");
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the token file " + file, e);
    }
  }
}
