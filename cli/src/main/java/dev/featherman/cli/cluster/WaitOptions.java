package dev.featherman.cli.cluster;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --wait} and {@code --timeout} of the commands that start work on the cluster. */
public final class WaitOptions {
  @Option(names = "--wait", description = "Wait until the work finished (exit 1 if it failed).")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = Durations.class,
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  Duration timeout;
}
