package dev.featherman.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal path of a session, on JLine's dumb terminal over in-memory streams. */
class LineSourceTest {
  @TempDir Path dir;

  @Test
  void sqlIsReadAsTypedAndKeptInTheHistoryFile() throws Exception {
    String typed = "SELECT 1 != 2, 'a\\b' AS \"q\";\n\\timing\n";
    Terminal terminal =
        TerminalBuilder.builder()
            .system(false)
            .streams(
                new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream())
            .dumb(true)
            .build();
    Path history = dir.resolve("history");
    LineSource.Interactive lines = new LineSource.Interactive(terminal, history);
    // No history expansion of '!', no escapes eaten, quotes left alone.
    assertThat(lines.next("> ")).isEqualTo("SELECT 1 != 2, 'a\\b' AS \"q\";");
    assertThat(lines.next("> ")).isEqualTo("\\timing");
    assertThat(lines.next("> ")).isNull();
    lines.close();
    assertThat(Files.readString(history)).contains("SELECT 1 != 2").contains("\\timing");
  }
}
