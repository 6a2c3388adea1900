package dev.featherman.cli.query;

import dev.featherman.cli.CliException;
import dev.featherman.cli.Console;
import dev.featherman.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * The interactive session: reads statements (ended by ';', across lines), runs each, and keeps
 * going after an error. Backslash commands change the session's settings.
 */
final class Repl {
  private final Session session;
  private final Console console;

  Repl(Session session, Console console) {
    this.session = session;
    this.console = console;
  }

  /** Runs until end of input or \q; returns the exit code. */
  int run() throws IOException {
    PrintWriter err = console.err();
    try (LineSource lines = LineSource.open(console)) {
      if (console.interactive()) {
        err.println("featherman query: end statements with ';', \\help for commands, \\q to quit.");
        err.flush();
      }
      StringBuilder pending = new StringBuilder();
      while (true) {
        String line =
            lines.next(
                pending.isEmpty()
                    ? (session.catalog() == null ? "featherman" : session.catalog()) + "> "
                    : "   ...> ");
        if (line == null) {
          break;
        }
        if (pending.isEmpty() && line.strip().startsWith("\\")) {
          if (!command(line.strip(), err)) {
            break;
          }
          continue;
        }
        if (pending.isEmpty() && line.isBlank()) {
          continue;
        }
        pending.append(line).append('\n');
        List<String> statements = Statements.complete(pending);
        if (!statements.isEmpty()) {
          pending.setLength(0);
          statements.forEach(statement -> execute(statement, err));
        }
      }
      if (!pending.toString().isBlank()) {
        // Input ended without ';': run what was typed, as psql -f does.
        execute(pending.toString().strip(), err);
      }
    }
    return ExitCodes.OK;
  }

  private void execute(String statement, PrintWriter err) {
    try {
      session.run(statement, List.of());
    } catch (CliException e) {
      err.println("error: " + e.getMessage());
      err.flush();
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      err.flush();
    }
  }

  /** A backslash command; false to end the session. */
  private boolean command(String line, PrintWriter err) {
    String[] words = line.substring(1).strip().split("\\s+", 2);
    String argument = words.length > 1 ? words[1].strip() : null;
    switch (words[0]) {
      case "q", "quit", "exit" -> {
        return false;
      }
      case "timing" -> {
        session.timing(argument == null ? !session.timing() : argument.equals("on"));
        err.println("Timing is " + (session.timing() ? "on." : "off."));
      }
      case "format" -> {
        if (argument == null) {
          err.println("Format is " + session.format() + ".");
        } else {
          try {
            session.format(argument);
            err.println("Format is " + session.format() + ".");
          } catch (CliException e) {
            err.println("error: " + e.getMessage());
          }
        }
      }
      case "catalog", "c" -> {
        if (argument != null) {
          session.catalog(argument);
        }
        err.println(
            "Catalog is "
                + (session.catalog() == null ? "the gateway's default" : session.catalog())
                + ".");
      }
      case "help", "?" -> err.println(HELP);
      default -> err.println("unknown command \\" + words[0] + ": \\help lists them");
    }
    err.flush();
    return true;
  }

  private static final String HELP =
      """
      Statements end with ';' and may span lines.
        \\timing [on|off]   print how long each statement took
        \\format [FORMAT]   table, csv, json, arrow or parquet
        \\catalog [NAME]    query another catalog
        \\q                 quit (or end of input: Ctrl-D)""";
}
