package dev.featherman.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where scripts/ensure-kubernetes.sh cached etcd, kube-apiserver, kubectl and helm on this machine
 * ({@code FEATHERMAN_K8S_BIN} overrides it).
 */
public final class KubernetesBinaries {
  /** The Kubernetes version the project builds and tests against. */
  public static final String VERSION = "v1.34.2";

  private KubernetesBinaries() {}

  /** The directory holding the binaries. */
  public static Path directory() {
    String override = System.getenv("FEATHERMAN_K8S_BIN");
    if (override != null && !override.isBlank()) {
      return Paths.get(override);
    }
    String cache = System.getenv("FEATHERMAN_CACHE");
    Path root =
        cache == null || cache.isBlank()
            ? Paths.get(System.getProperty("user.home"), ".cache", "featherman")
            : Paths.get(cache);
    return root.resolve("kubernetes").resolve(VERSION).resolve("bin");
  }

  /** One binary, or an error that says how to get it. */
  public static Path require(String name) {
    Path binary = directory().resolve(name);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          name
              + " not found at "
              + binary
              + ": run scripts/ensure-kubernetes.sh (make test does) to build the Kubernetes "
              + VERSION
              + " binaries the real-API-server tests need");
    }
    return binary;
  }
}
