package dev.featherman.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One image started for real with runc, the way the chart's pods run it: as user 10001, read-only
 * root file system, a writable /tmp, no capabilities, no new privileges. The container shares the
 * host's network (tests only use loopback), so what it serves is on 127.0.0.1.
 */
public final class RuncContainer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The user every Featherman pod runs as (the chart's runAsUser and runAsGroup). */
  public static final int USER = 10001;

  /** A host path (null: a fresh tmpfs) mounted at {@code target}. */
  public record Mount(Path source, String target, boolean readOnly) {
    /** A tmpfs, as an emptyDir. */
    public static Mount tmpfs(String target) {
      return new Mount(null, target, false);
    }
  }

  /**
   * What the pod adds to the image: arguments replacing the image's CMD (null keeps it), extra
   * environment, and mounts besides /tmp.
   */
  public record Launch(List<String> args, Map<String, String> env, List<Mount> mounts) {}

  private final String id;
  private final Path stateRoot;
  private final Path log;
  private final Process process;

  private RuncContainer(String id, Path stateRoot, Path log, Process process) {
    this.id = id;
    this.stateRoot = stateRoot;
    this.log = log;
    this.process = process;
  }

  /**
   * Unpacks image {@code reference} of an OCI archive into {@code directory} (umoci): the returned
   * bundle holds the root file system and the runtime configuration umoci derived from the image;
   * the image's own configuration (ENTRYPOINT and CMD apart) is kept beside it.
   */
  public static Path unpack(Path archive, String reference, Path directory) {
    Path layout = directory.resolve("layout");
    Path bundle = directory.resolve("bundle");
    try {
      Files.createDirectories(layout);
      TestingImages.run(
          List.of("tar", "-xf", archive.toString(), "-C", layout.toString()), Map.of(), 5);
      TestingImages.run(
          List.of("umoci", "unpack", "--image", layout + ":" + reference, bundle.toString()),
          Map.of(),
          5);
      Files.copy(bundle.resolve("config.json"), directory.resolve("runtime-from-image.json"));
      Files.write(directory.resolve("image.json"), imageConfigBlob(layout, reference));
      TestingImages.run(List.of("rm", "-rf", layout.toString()), Map.of(), 5);
      return bundle;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The runtime configuration umoci derived from the image (user, args, env, annotations). */
  public static JsonNode imageConfig(Path bundle) {
    return read(bundle.resolveSibling("runtime-from-image.json"));
  }

  /** The image's configuration as built (config.User, Entrypoint, Cmd, Labels). */
  public static JsonNode image(Path bundle) {
    return read(bundle.resolveSibling("image.json"));
  }

  /** Starts the bundle's image as {@code name} with the pod's additions; output goes to a log. */
  public static RuncContainer start(Path bundle, String name, Launch launch) {
    try {
      ObjectNode config = (ObjectNode) imageConfig(bundle);
      Files.writeString(
          bundle.resolve("config.json"),
          JSON.writeValueAsString(asPod(config, image(bundle).get("config"), launch)));
      Path stateRoot = Files.createTempDirectory("featherman-runc-");
      Path log = Files.createTempFile("featherman-" + name, ".log");
      String id = name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
      Process process =
          new ProcessBuilder(
                  "runc", "--root", stateRoot.toString(), "run", "--bundle", bundle.toString(), id)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      process.getOutputStream().close();
      return new RuncContainer(id, stateRoot, log, process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the container's own exit (a one-shot worker) and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          id + " still running after " + timeout + "; it printed:\n" + output());
    }
    return process.exitValue();
  }

  /** Whether the container's process still runs. */
  public boolean isRunning() {
    return process.isAlive();
  }

  /** Everything the container printed so far (stdout and stderr). */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Stops the container (SIGTERM, then SIGKILL after 20 s) and removes its runc state. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      runc("kill", id, "TERM");
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        runc("kill", "--all", id, "KILL");
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
    runc("delete", "--force", id);
    try {
      TestingImages.run(List.of("rm", "-rf", stateRoot.toString()), Map.of(), 1);
    } catch (IllegalStateException ignored) {
      // runc's state directory is only temporary.
    }
  }

  private void runc(String... args) {
    List<String> command = new ArrayList<>(List.of("runc", "--root", stateRoot.toString()));
    command.addAll(List.of(args));
    try {
      TestingImages.run(command, Map.of(), 1);
    } catch (IllegalStateException alreadyGone) {
      // The container exited between the check and the call.
    }
  }

  /** The image's configuration with what the chart's pod spec says on top of it. */
  private static ObjectNode asPod(ObjectNode config, JsonNode image, Launch launch) {
    ObjectNode process = (ObjectNode) config.get("process");
    process.put("terminal", false);
    process.putObject("user").put("uid", USER).put("gid", USER);
    if (launch.args() != null) {
      ArrayNode args = process.putArray("args");
      image.path("Entrypoint").forEach(args::add);
      launch.args().forEach(args::add);
    }
    Map<String, String> env = new LinkedHashMap<>();
    process.withArray("env").forEach(e -> put(env, e.asText()));
    env.putAll(launch.env());
    ArrayNode envArray = process.putArray("env");
    env.forEach((k, v) -> envArray.add(k + "=" + v));
    // capabilities: drop ALL; the sandbox refuses runc's setrlimit, and pods set none either.
    ObjectNode caps = process.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
      caps.putArray(set);
    }
    process.remove("rlimits");
    process.put("noNewPrivileges", true);
    ((ObjectNode) config.get("root")).put("readonly", true);
    ObjectNode linux = (ObjectNode) config.get("linux");
    ArrayNode namespaces = linux.putArray("namespaces");
    for (String ns : List.of("pid", "ipc", "uts", "mount")) {
      namespaces.addObject().put("type", ns);
    }
    ArrayNode mounts = config.withArray("mounts");
    List<Mount> all = new ArrayList<>(List.of(Mount.tmpfs("/tmp")));
    all.addAll(launch.mounts());
    for (Mount m : all) {
      ObjectNode mount = mounts.addObject().put("destination", m.target());
      if (m.source() == null) {
        mount.put("type", "tmpfs").put("source", "tmpfs");
        mount.putArray("options").add("nosuid").add("nodev").add("mode=1777");
      } else {
        mount.put("type", "bind").put("source", m.source().toAbsolutePath().toString());
        mount.putArray("options").add("rbind").add(m.readOnly() ? "ro" : "rw");
      }
    }
    return config;
  }

  private static void put(Map<String, String> env, String entry) {
    int eq = entry.indexOf('=');
    env.put(entry.substring(0, eq), entry.substring(eq + 1));
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** index.json, then the manifest named {@code reference}, then its config blob. */
  private static byte[] imageConfigBlob(Path layout, String reference) throws IOException {
    for (JsonNode m : read(layout.resolve("index.json")).withArray("manifests")) {
      if (reference.equals(
          m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
        JsonNode manifest = read(blob(layout, m.get("digest").asText()));
        return Files.readAllBytes(blob(layout, manifest.get("config").get("digest").asText()));
      }
    }
    throw new IllegalArgumentException("no manifest named " + reference + " in " + layout);
  }

  private static Path blob(Path layout, String digest) {
    String[] parts = digest.split(":", 2);
    return layout.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
  }
}
