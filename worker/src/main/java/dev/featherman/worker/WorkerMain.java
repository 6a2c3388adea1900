package dev.featherman.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Entry point of the worker image.
 *
 * <pre>
 *   worker oneshot --operation op.json [--result-file /dev/termination-log]
 *   worker oneshot --sql-file run.sql  [--result-file …]
 * </pre>
 *
 * The result JSON goes to the result file (by default the container's termination message, which
 * the controller reads from the Pod status) and to stdout; the exit code is an {@link ExitCode}.
 */
public final class WorkerMain {
  static final Path TERMINATION_LOG = Paths.get("/dev/termination-log");

  private WorkerMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int run(String[] args) {
    if (args.length == 0 || !args[0].equals("oneshot")) {
      System.err.println(
          "usage: worker oneshot (--operation FILE | --sql-file FILE) [--result-file FILE]");
      return ExitCode.INVALID_SPEC.code();
    }
    Path operationFile = null;
    Path sqlFile = null;
    Path resultFile = Files.isWritable(TERMINATION_LOG) ? TERMINATION_LOG : null;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--operation" -> operationFile = Paths.get(args[i + 1]);
        case "--sql-file" -> sqlFile = Paths.get(args[i + 1]);
        case "--result-file" -> resultFile = Paths.get(args[i + 1]);
        default -> {
          System.err.println("unknown option " + args[i]);
          return ExitCode.INVALID_SPEC.code();
        }
      }
    }
    OneShot.Result result;
    try {
      Operation operation =
          operationFile != null
              ? WorkerConfig.JSON.readValue(Files.readString(operationFile), Operation.class)
              : new Operation.RunSql(Files.readString(requireFile(sqlFile)));
      result = OneShot.run(System.getenv(), operation);
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("cannot read the operation: " + e.getMessage());
      return ExitCode.INVALID_SPEC.code();
    }
    String json = result.json().toString();
    System.out.println(json);
    if (resultFile != null) {
      try {
        Files.writeString(resultFile, json, StandardCharsets.UTF_8);
      } catch (IOException e) {
        System.err.println("cannot write the result to " + resultFile + ": " + e.getMessage());
      }
    }
    return result.exitCode().code();
  }

  private static Path requireFile(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("give --operation FILE or --sql-file FILE");
    }
    return file;
  }
}
