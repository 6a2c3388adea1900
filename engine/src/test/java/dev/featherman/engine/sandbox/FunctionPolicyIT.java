package dev.featherman.engine.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.engine.EngineSettings;
import dev.featherman.engine.Extension;
import dev.featherman.engine.ExtensionLoader;
import dev.featherman.engine.connect.LakeSessionFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Keeps the function allowlist honest against the DuckDB the project runs: every scalar, aggregate,
 * window and macro function DuckDB offers (with the extensions Featherman loads) is either allowed
 * or refused with a reason, so a DuckDB upgrade that adds one fails here until it is reviewed; and
 * nothing refused is also allowed.
 */
class FunctionPolicyIT {
  @Test
  void everyDuckDbFunctionIsReviewed() throws Exception {
    Set<String> offered = new TreeSet<>();
    EngineSettings settings = EngineSettings.defaults();
    try (Connection c = new LakeSessionFactory(settings).openDatabase()) {
      new ExtensionLoader(settings).load(c, EnumSet.allOf(Extension.class));
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT DISTINCT lower(function_name) FROM duckdb_functions()"
                      + " WHERE function_type IN ('scalar', 'aggregate', 'window', 'macro')")) {
        while (rs.next()) {
          offered.add(rs.getString(1));
        }
      }
    }
    Set<String> unreviewed = new TreeSet<>(offered);
    unreviewed.removeAll(FunctionPolicy.allowedFunctions());
    unreviewed.removeAll(FunctionPolicy.refusedFunctions());
    assertThat(unreviewed)
        .as("functions DuckDB offers that are in neither allowed- nor refused-functions.txt")
        .isEmpty();
    Set<String> both = new TreeSet<>(FunctionPolicy.allowedFunctions());
    both.retainAll(FunctionPolicy.refusedFunctions());
    assertThat(both).as("functions both allowed and refused").isEmpty();
    assertThat(FunctionPolicy.allowsFunction("current_setting")).isFalse();
    assertThat(FunctionPolicy.allowsFunction("upper")).isTrue();
  }
}
