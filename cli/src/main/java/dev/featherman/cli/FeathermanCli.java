package dev.featherman.cli;

import dev.featherman.cli.cluster.BackupCommand;
import dev.featherman.cli.cluster.DeployCommand;
import dev.featherman.cli.cluster.MaterializeCommand;
import dev.featherman.cli.cluster.RestoreCommand;
import dev.featherman.cli.cluster.StatusCommand;
import dev.featherman.cli.init.InitCommand;
import dev.featherman.cli.query.QueryCommand;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code featherman} command: its subcommands, exit codes and error reporting. */
@Command(
    name = "featherman",
    mixinStandardHelpOptions = true,
    versionProvider = CliVersion.class,
    description = "Query a Featherman gateway and manage DuckLake objects on Kubernetes.",
    subcommands = {
      QueryCommand.class,
      StatusCommand.class,
      InitCommand.class,
      DeployCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      MaterializeCommand.class,
      VersionCommand.class,
      HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the server refused or failed (query error, admission denial, Failed condition)",
      "2:invalid command line",
      "3:--wait timed out (the blocking condition is printed)",
      "4:gateway or cluster unreachable"
    })
public final class FeathermanCli implements Runnable {
  private final Console console;

  @Spec CommandSpec spec;

  FeathermanCli(Console console) {
    this.console = console;
  }

  /** Where the commands read and write, and the environment they see. */
  public Console console() {
    return console;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  public static void main(String[] args) {
    System.exit(execute(Console.system(), args));
  }

  /** Runs one command line and returns its exit code; nothing here calls System.exit. */
  public static int execute(Console console, String... args) {
    CommandLine line = new CommandLine(new FeathermanCli(console));
    line.setOut(console.out());
    line.setErr(console.err());
    line.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> report(console.err(), e, commandLine));
    int code = line.execute(args);
    console.out().flush();
    console.err().flush();
    return code;
  }

  private static int report(PrintWriter err, Exception e, CommandLine commandLine) {
    if (e instanceof CliException cli) {
      err.println("error: " + cli.getMessage());
      return cli.exitCode();
    }
    if (e instanceof KubernetesClientException k) {
      err.println("error: " + KubernetesErrors.describe(k));
      return KubernetesErrors.exitCode(k);
    }
    err.println("error: " + e);
    return ExitCodes.FAILED;
  }
}
