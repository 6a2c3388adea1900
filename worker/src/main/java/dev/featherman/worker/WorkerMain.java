package dev.featherman.worker;

import dev.featherman.api.worker.ExitCode;
import dev.featherman.api.worker.Operation;
import dev.featherman.api.worker.WorkerEnv;
import dev.featherman.worker.serve.WorkerServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * Entry point of the worker image.
 *
 * <pre>
 *   worker oneshot --operation op.json [--result-file /dev/termination-log]
 *   worker oneshot --sql-file run.sql  [--result-file …]
 *   worker oneshot                     (operation JSON in $FEATHERMAN_OPERATION, as Jobs pass it)
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

  /** On SIGTERM: let running queries finish (within the grace), then close the catalog. */
  private static void shutDown(WorkerServer server, Duration grace) {
    try {
      if (!server.shutDown(grace)) {
        System.err.println("worker stopped with queries still running after " + grace);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int run(String[] args) {
    if (args.length > 0 && args[0].equals("serve")) {
      try {
        WorkerServer server = WorkerServer.start(System.getenv());
        System.out.println("worker serving catalog on port " + server.port());
        Duration grace =
            Duration.ofSeconds(
                Long.parseLong(
                    System.getenv().getOrDefault(WorkerEnv.WORKER_SHUTDOWN_GRACE_SECONDS, "25")));
        Runtime.getRuntime()
            .addShutdownHook(new Thread(() -> shutDown(server, grace), "worker-shutdown"));
        server.awaitExit();
        server.close();
        return ExitCode.OK.code();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ExitCode.OK.code();
      } catch (IllegalArgumentException e) { // missing token or catalog configuration
        System.err.println("worker cannot start: " + e.getMessage());
        return ExitCode.INVALID_SPEC.code();
      } catch (Exception e) {
        System.err.println("worker cannot start: " + e.getMessage());
        return ExitCode.UNAVAILABLE.code();
      }
    }
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
      String fromEnv = System.getenv(WorkerEnv.OPERATION);
      Operation operation;
      if (operationFile != null) {
        operation = Operation.fromJson(Files.readString(operationFile));
      } else if (sqlFile != null) {
        operation = new Operation.RunSql(Files.readString(sqlFile));
      } else if (fromEnv != null && !fromEnv.isBlank()) {
        operation = Operation.fromJson(fromEnv);
      } else {
        throw new IllegalArgumentException(
            "give --operation FILE, --sql-file FILE or $" + WorkerEnv.OPERATION);
      }
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
}
