package dev.featherman.api.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerTokenTest {
  @TempDir Path dir;

  @Test
  void aConfiguredValueWinsOverTheFile() {
    assertThat(WorkerToken.resolve(" configured-token-0123456789 ", "/nowhere", "featherman.pool"))
        .isEqualTo("configured-token-0123456789");
  }

  @Test
  void theMountedFileIsReadAndTrimmed() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "mounted-token-0123456789\n");
    assertThat(WorkerToken.resolve("", file.toString(), "featherman.pool"))
        .isEqualTo("mounted-token-0123456789");
  }

  @Test
  void missingOrWeakTokensStopTheServiceWithAReason() throws Exception {
    assertThatThrownBy(() -> WorkerToken.resolve("", dir.resolve("absent").toString(), "x.y"))
        .hasMessageContaining("x.y.worker-token")
        .hasMessageContaining("absent");
    Path weak = Files.writeString(dir.resolve("weak"), "secret");
    assertThatThrownBy(() -> WorkerToken.resolve(null, weak.toString(), "x.y"))
        .hasMessageContaining("shorter than 16");
  }
}
