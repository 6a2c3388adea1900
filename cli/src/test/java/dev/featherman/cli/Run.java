package dev.featherman.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the CLI in-process with captured streams. */
public record Run(int exitCode, String out, String err) {
  public static Run of(Map<String, String> env, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        FeathermanCli.execute(
            Console.of(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err, env),
            args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  public static Run of(String... args) {
    return of(Map.of(), "", args);
  }
}
