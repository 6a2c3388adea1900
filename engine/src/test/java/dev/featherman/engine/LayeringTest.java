package dev.featherman.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Layering (STYLE.md §4): the engine never talks to Kubernetes or Spring (it uses api's spec types
 * only as data), and api depends on neither the engine nor a Kubernetes client.
 */
class LayeringTest {
  static List<String> importsOf(Path sourceRoot) throws IOException {
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      return files
          .filter(p -> p.toString().endsWith(".java"))
          .flatMap(
              p -> {
                try {
                  return Files.readAllLines(p).stream()
                      .filter(l -> l.startsWith("import "))
                      .map(l -> p.getFileName() + ": " + l);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  @Test
  void engineHasNoKubernetesClientOrFramework() throws IOException {
    assertThat(importsOf(Path.of("src/main/java")))
        .isNotEmpty()
        .noneMatch(l -> l.contains("io.fabric8"))
        .noneMatch(l -> l.contains("io.javaoperatorsdk"))
        .noneMatch(l -> l.contains("org.springframework"));
  }

  @Test
  void apiDependsOnNothingOfOurs() throws IOException {
    assertThat(importsOf(Path.of("../api/src/main/java")))
        .isNotEmpty()
        .noneMatch(l -> l.contains("dev.featherman.engine"))
        .noneMatch(l -> l.contains("KubernetesClient;"))
        .noneMatch(l -> l.contains("io.javaoperatorsdk"))
        .noneMatch(l -> l.contains("org.springframework"));
  }
}
