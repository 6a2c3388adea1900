package dev.featherman.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The six images as {@code make images} builds them (scripts/build-images.sh with buildah and the
 * local Debian base), for tests that start them with runc. Builds from the jars the reactor has
 * already packaged, without network.
 */
public final class TestingImages {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path BASE_TARBALL =
      Path.of(System.getProperty("user.home"), ".cache", "featherman", "images")
          .resolve("base-jre17-bookworm.tar.gz");

  /** Every image the script builds, in its order. */
  public static final List<String> NAMES =
      List.of(
          "controller-service",
          "backup-service",
          "pool-service",
          "query-gateway",
          "webhook-service",
          "worker");

  /** Image reference to its archive. */
  private final Map<String, Path> archives;

  private final String buildLog;

  private TestingImages(Map<String, Path> archives, String buildLog) {
    this.archives = archives;
    this.buildLog = buildLog;
  }

  /**
   * Why images cannot be built and started here, or empty when they can: buildah, runc and umoci
   * installed, root, and the base image's root filesystem made by scripts/ensure-image-tools.sh.
   */
  public static Optional<String> unavailable() {
    List<String> missing = new ArrayList<>();
    for (String tool : List.of("buildah", "runc", "umoci")) {
      if (which(tool).isEmpty()) {
        missing.add(tool);
      }
    }
    if (!missing.isEmpty()) {
      return Optional.of(
          String.join(", ", missing)
              + " not installed: run scripts/ensure-image-tools.sh (apt-get install buildah runc"
              + " umoci debootstrap)");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("runc starts containers as root only; this JVM runs as a normal user");
    }
    if (!Files.isRegularFile(BASE_TARBALL)) {
      return Optional.of(
          BASE_TARBALL + " is missing: run scripts/ensure-image-tools.sh (debootstrap makes it)");
    }
    return Optional.empty();
  }

  /** Runs scripts/build-images.sh (buildah, local base) into {@code out}; fails with its log. */
  public static TestingImages build(Path out) {
    List<String> command = List.of("bash", ROOT.resolve("scripts/build-images.sh").toString());
    Map<String, String> env =
        Map.of("ENGINE", "buildah", "BASE_IMAGE", "local", "OUT", out.toString());
    String log = run(command, env, 15);
    Map<String, Path> archives = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(out.resolve("images.txt"))) {
        String[] fields = line.split(" ");
        archives.put(fields[0], Path.of(fields[1]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(log, e);
    }
    return new TestingImages(archives, log);
  }

  /** The image references {@code scripts/build-images.sh --list} prints. */
  public static List<String> references() {
    String out =
        run(
            List.of("bash", ROOT.resolve("scripts/build-images.sh").toString(), "--list"),
            Map.of(),
            1);
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  /** The reference of image {@code name} (a service's module name or "worker"). */
  public String reference(String name) {
    return archives.keySet().stream()
        .filter(ref -> ref.substring(0, ref.lastIndexOf(':')).endsWith("/" + name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no image " + name + " in " + archives));
  }

  /** The archive of image {@code name}. */
  public Path archive(String name) {
    return archives.get(reference(name));
  }

  /** What the build script printed (engine, base, each image with its size). */
  public String buildLog() {
    return buildLog;
  }

  private static Optional<Path> which(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    Path sbin = Path.of("/usr/sbin", tool);
    return Files.isExecutable(sbin) ? Optional.of(sbin) : Optional.empty();
  }

  /** Runs a command to its end (at most {@code minutes}); its output, or an error carrying it. */
  static String run(List<String> command, Map<String, String> env, int minutes) {
    try {
      Path log = Files.createTempFile("featherman-command", ".log");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          throw new IllegalStateException(
              String.join(" ", command) + " did not finish in " + minutes + " min:\n" + read(log));
        }
        String output = read(log);
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              String.join(" ", command) + " exited " + process.exitValue() + ":\n" + output);
        }
        return output;
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
