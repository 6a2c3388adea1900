package dev.featherman.system;

import dev.featherman.cli.Console;
import dev.featherman.cli.FeathermanCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** One featherman command run in-process against the system test's API server and gateway. */
record CliRun(int exitCode, String out, String err) {
  static CliRun of(Map<String, String> env, String stdin, String... args) {
    Map<String, String> all = new HashMap<>(env);
    all.put("KUBECONFIG", ControlPlaneIT.k8s.apiServer().kubeconfig().toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        FeathermanCli.execute(
            Console.of(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err, all),
            args);
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static CliRun of(String... args) {
    return of(Map.of(), "", args);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
