package dev.featherman.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The process's streams and environment, passed in so that tests run commands in-process.
 *
 * @param rawOut standard output as bytes (Arrow and Parquet results are written there unchanged)
 * @param interactive whether standard input and output are a terminal
 */
public record Console(
    InputStream in,
    OutputStream rawOut,
    PrintWriter out,
    PrintWriter err,
    Map<String, String> env,
    boolean interactive) {

  /** The real process: System streams and environment. */
  public static Console system() {
    PrintStream stdout = System.out;
    return new Console(
        System.in,
        stdout,
        new PrintWriter(stdout, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        System.getenv(),
        System.console() != null);
  }

  /** Streams that are not a terminal (piped, or a caller embedding the CLI). */
  public static Console of(
      InputStream in, OutputStream out, OutputStream err, Map<String, String> env) {
    return new Console(
        in,
        out,
        new PrintWriter(out, true, StandardCharsets.UTF_8),
        new PrintWriter(err, true, StandardCharsets.UTF_8),
        Map.copyOf(env),
        false);
  }

  /** An environment variable, or null. */
  public String env(String name) {
    return env.get(name);
  }
}
