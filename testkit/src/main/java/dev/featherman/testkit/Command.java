package dev.featherman.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool (kubectl, helm) the way a user would, capturing what it prints. */
public final class Command {
  private Command() {}

  /** What a finished command printed and returned. */
  public record Result(int exitCode, String stdout, String stderr) {
    /** stdout, or an error with everything the command said. */
    public String orFail() {
      if (exitCode != 0) {
        throw new IllegalStateException("exit " + exitCode + "\n" + stdout + "\n" + stderr);
      }
      return stdout;
    }
  }

  /**
   * Runs {@code binary} (from the Kubernetes binaries) with {@code args}, feeding {@code stdin}.
   */
  public static Result run(String binary, String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(KubernetesBinaries.require(binary).toString());
    command.addAll(List.of(args));
    return exec(command, stdin);
  }

  /**
   * Runs a Python script with the client libraries of {@code scripts/ensure-python-clients.sh}
   * (ADBC's Flight SQL driver, pyarrow), installing them first if this machine lacks them.
   */
  public static Result python(Path script, String... args) {
    List<String> command =
        new ArrayList<>(List.of(installed("ensure-python-clients.sh"), script.toString()));
    command.addAll(List.of(args));
    return exec(command, null);
  }

  /**
   * Runs Schemathesis's {@code st} of {@code scripts/ensure-schemathesis.sh} with {@code args},
   * installing it first if this machine lacks it.
   */
  public static Result schemathesis(String... args) {
    List<String> command = new ArrayList<>(List.of(installed("ensure-schemathesis.sh")));
    command.addAll(List.of(args));
    return exec(command, null);
  }

  /** Runs one of the repository's ensure scripts; the path it prints last in parentheses. */
  private static String installed(String ensureScript) {
    Path ensure = Path.of("..", "scripts", ensureScript).toAbsolutePath().normalize();
    String[] lines = exec(List.of("bash", ensure.toString()), null).orFail().strip().split("\n");
    String last = lines[lines.length - 1];
    return last.substring(last.indexOf('(') + 1, last.lastIndexOf(')'));
  }

  /**
   * Runs one of this repository's scripts (e.g. {@code scripts/featherman}) as a user would, with
   * {@code env} added to this process's environment.
   */
  public static Result script(
      Path script, java.util.Map<String, String> env, String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of(script.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return exec(command, env, stdin);
  }

  private static Result exec(List<String> command, String stdin) {
    return exec(command, java.util.Map.of(), stdin);
  }

  private static Result exec(
      List<String> command, java.util.Map<String, String> env, String stdin) {
    String binary = Path.of(command.get(0)).getFileName().toString();
    try {
      Path err = Files.createTempFile("featherman-" + binary, ".stderr");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
          if (stdin != null) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
          }
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
        }
        return new Result(process.exitValue(), out, Files.readString(err));
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
