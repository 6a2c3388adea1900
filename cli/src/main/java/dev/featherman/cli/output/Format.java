package dev.featherman.cli.output;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;

/** How a command prints what it found: kubectl's {@code -o table|json|yaml}. */
public enum Format {
  table,
  json,
  yaml;

  /** Prints {@code value} (a record, map or list) as JSON or YAML. */
  public void printStructured(PrintWriter out, Object value) {
    switch (this) {
      case json -> out.println(Serialization.asJson(value));
      case yaml -> out.print(Serialization.asYaml(value));
      case table -> throw new IllegalStateException("a table is printed by the command");
    }
    out.flush();
  }
}
