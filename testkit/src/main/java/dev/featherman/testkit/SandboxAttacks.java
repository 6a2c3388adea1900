package dev.featherman.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The attack corpus for the query sandbox ({@code sandbox-attacks.txt}), shared by the engine's
 * test and the gateway's, so every path that serves user SQL is tried with the same list.
 */
public final class SandboxAttacks {
  private SandboxAttacks() {}

  /**
   * One attack.
   *
   * @param writer whether it is sent with a token that may write
   * @param template the SQL with placeholders ({@link #render})
   */
  public record Attack(boolean writer, String template) {
    /**
     * The SQL for a lake whose data path is {@code dataPath}, with {@code outside} a path outside
     * it and {@code table} the table under attack.
     */
    public String render(String dataPath, String outside, String table) {
      return template
          .replace("{DATA}", dataPath)
          .replace("{OUT}", outside)
          .replace("{T}", table)
          .replace("{CR}", "\r")
          .replace("{LF}", "\n")
          .replace("{LS}", "\u2028");
    }

    @Override
    public String toString() {
      return (writer ? "W: " : "R: ") + template;
    }
  }

  /**
   * Statements a write token runs first to give the corpus its target: {@code table} with columns
   * id, zone and fare (4900 rows once some are deleted) and the view good_view over it.
   */
  public static List<String> setup(String table) {
    return List.of(
        "CREATE TABLE "
            + table
            + " AS SELECT range AS id, 'zone' || (range % 7) AS zone,"
            + " (range % 50)::DOUBLE AS fare FROM range(5000)",
        "DELETE FROM " + table + " WHERE id < 100",
        "CREATE VIEW good_view AS SELECT zone, count(*) AS n FROM " + table + " GROUP BY zone");
  }

  /** Rows of the target table after {@link #setup}. */
  public static final long TARGET_ROWS = 4900;

  /** Every attack in the corpus. */
  public static List<Attack> all() {
    List<Attack> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                SandboxAttacks.class.getResourceAsStream("sandbox-attacks.txt"),
                StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("R\t") || line.startsWith("W\t")) {
          out.add(new Attack(line.charAt(0) == 'W', line.substring(2)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(out);
  }
}
