package dev.featherman.cli.query;

import dev.featherman.cli.Console;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Lines typed by a user: JLine (editing, history in ~/.featherman_history) on a terminal, plain
 * reading without prompts when input is piped, so scripts get only results on stdout.
 */
interface LineSource extends AutoCloseable {
  /** The next line, or null at end of input. */
  String next(String prompt) throws IOException;

  @Override
  void close() throws IOException;

  static LineSource open(Console console) throws IOException {
    return console.interactive()
        ? new Interactive(TerminalBuilder.builder().system(true).build(), historyFile(console))
        : new Piped(
            new BufferedReader(new InputStreamReader(console.in(), StandardCharsets.UTF_8)));
  }

  /** Where history is kept: $FEATHERMAN_HISTORY, else ~/.featherman_history. */
  static Path historyFile(Console console) {
    String configured = console.env("FEATHERMAN_HISTORY");
    return configured != null
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".featherman_history");
  }

  /** JLine on a terminal. */
  final class Interactive implements LineSource {
    private final Terminal terminal;
    private final LineReader reader;

    Interactive(Terminal terminal, Path history) {
      this.terminal = terminal;
      DefaultParser parser = new DefaultParser();
      // SQL text is sent as typed: no escapes, no quote handling by the line editor.
      parser.setEscapeChars(new char[0]);
      parser.setQuoteChars(new char[0]);
      this.reader =
          LineReaderBuilder.builder()
              .terminal(terminal)
              .appName("featherman")
              .parser(parser)
              .variable(LineReader.HISTORY_FILE, history)
              .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
              .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
              .build();
    }

    @Override
    public String next(String prompt) {
      while (true) {
        try {
          return reader.readLine(prompt);
        } catch (UserInterruptException e) {
          // Ctrl-C drops the line being typed, as in psql; Ctrl-D ends the session.
          terminal.writer().println();
        } catch (EndOfFileException e) {
          return null;
        }
      }
    }

    @Override
    public void close() throws IOException {
      reader.getHistory().save();
      terminal.close();
    }
  }

  /** Piped input: no prompts, no echo. */
  final class Piped implements LineSource {
    private final BufferedReader in;

    Piped(BufferedReader in) {
      this.in = in;
    }

    @Override
    public String next(String prompt) throws IOException {
      return in.readLine();
    }

    @Override
    public void close() {
      // The process's standard input stays open for its owner.
    }
  }
}
