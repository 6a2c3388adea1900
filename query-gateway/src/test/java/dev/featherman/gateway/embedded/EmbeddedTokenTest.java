package dev.featherman.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded token: from the environment, else generated once, printed once, kept private. */
class EmbeddedTokenTest {
  @TempDir Path dir;

  @Test
  void environmentWins() {
    List<String> printed = new ArrayList<>();
    assertThat(EmbeddedToken.resolve(" mine ", dir, printed::add)).isEqualTo("mine");
    assertThat(printed).isEmpty();
    assertThat(Files.exists(dir.resolve("token"))).isFalse();
  }

  @Test
  void generatedOncePrintedOnceAndOwnerOnly() throws Exception {
    List<String> printed = new ArrayList<>();
    String first = EmbeddedToken.resolve(null, dir, printed::add);
    String second = EmbeddedToken.resolve("", dir, printed::add);
    assertThat(first).hasSizeGreaterThanOrEqualTo(43).isEqualTo(second);
    assertThat(printed).hasSize(1);
    assertThat(printed.get(0)).contains(first).contains("FEATHERMAN_TOKEN");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("token"))))
        .isEqualTo("rw-------");
  }
}
