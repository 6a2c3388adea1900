package dev.featherman.engine.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featherman.engine.DuckDbErrors;
import dev.featherman.engine.query.QueryException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * DuckDB's own word on what a write statement does: its physical plan ({@code EXPLAIN}, which binds
 * and plans without running). The plan's root must be a change to the lake's data or schema, and no
 * operator in it may scan a table function outside the allowlist (a file reader, settings,
 * secrets). Statements DuckDB cannot plan this way (ATTACH, SET, COMMENT ON, …) are refused.
 */
final class WritePlan {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Plan roots of the writes a write token may run. */
  static final Set<String> WRITE_ROOTS =
      Set.of(
          "INSERT",
          "DUCKLAKE_INSERT",
          "DELETE",
          "DUCKLAKE_DELETE",
          "UPDATE",
          "DUCKLAKE_UPDATE",
          "CREATE_TABLE",
          "CREATE_TABLE_AS",
          "BATCH_CREATE_TABLE_AS",
          "DUCKLAKE_CREATE_TABLE_AS",
          "CREATE_VIEW",
          "CREATE_SCHEMA",
          "ALTER",
          "DROP");

  private WritePlan() {}

  /**
   * Plans {@code statement} (known to be exactly one statement) and checks the plan.
   *
   * @throws QueryException FORBIDDEN naming the operation or function, BAD_REQUEST for DuckDB's
   *     binder errors (unknown table, wrong types)
   */
  static String check(Connection connection, String statement) {
    JsonNode plan = explain(connection, statement);
    JsonNode root = plan.isArray() && plan.size() == 1 ? plan.get(0) : null;
    String rootName = root == null ? "" : root.path("name").asText();
    if (!WRITE_ROOTS.contains(rootName)) {
      throw QueryPolicy.forbidden(
          "statements that DuckDB plans as "
              + (rootName.isEmpty() ? "several operations" : rootName)
              + " are not allowed; send a SELECT, or with write access an INSERT, UPDATE,"
              + " DELETE, or CREATE/ALTER/DROP of a TABLE, VIEW or SCHEMA");
    }
    checkOperators(root);
    return rootName;
  }

  private static void checkOperators(JsonNode operator) {
    JsonNode function = operator.path("extra_info").path("Function");
    if (!function.isMissingNode()
        && !FunctionPolicy.tableFunctionOperators().contains(function.asText())) {
      throw QueryPolicy.forbidden(
          "table function '"
              + function.asText().toLowerCase(java.util.Locale.ROOT)
              + "' is not allowed: write from the lake's own tables or from values");
    }
    operator.path("children").forEach(WritePlan::checkOperators);
  }

  private static JsonNode explain(Connection connection, String statement) {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("EXPLAIN (FORMAT json) " + statement)) {
      rs.next();
      return JSON.readTree(rs.getString(2));
    } catch (SQLException e) {
      String message = DuckDbErrors.message(e);
      if (message.startsWith("Parser Error")) {
        throw QueryPolicy.forbidden(
            "DuckDB cannot plan this kind of statement, so the sandbox cannot confirm what it"
                + " does; send a SELECT, INSERT, UPDATE, DELETE, or CREATE/ALTER/DROP of a TABLE,"
                + " VIEW or SCHEMA");
      }
      throw new QueryException(QueryException.Reason.BAD_REQUEST, message, e);
    } catch (IOException e) {
      throw new IllegalStateException("DuckDB's EXPLAIN answered with invalid JSON", e);
    }
  }
}
