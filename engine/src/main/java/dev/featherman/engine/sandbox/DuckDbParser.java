package dev.featherman.engine.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featherman.engine.DuckDbErrors;
import dev.featherman.engine.query.QueryException;
import dev.featherman.engine.query.SqlStatements;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Asks DuckDB's own parser what a text is, without binding or running anything: {@code
 * json_serialize_sql} parses the whole text and serializes it when every statement is a SELECT. So
 * DuckDB, not a lexer of ours, decides how many statements there are and whether they are queries.
 */
public final class DuckDbParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DuckDbParser() {}

  /** What DuckDB's parser made of a text. */
  public sealed interface Parsed {}

  /**
   * Exactly one SELECT (which includes FROM-first queries, VALUES, TABLE, DESCRIBE, SHOW and
   * SUMMARIZE).
   *
   * @param statement the statement's syntax tree as DuckDB serializes it
   */
  public record Query(JsonNode statement) implements Parsed {}

  /** Valid SQL holding at least one statement that is not a SELECT; DuckDB does not say more. */
  public record NotQuery() implements Parsed {}

  /**
   * Parses {@code sql} on {@code connection} (any DuckDB connection: parsing reads no catalog).
   *
   * @throws QueryException BAD_REQUEST with DuckDB's syntax error, for no statement, or for several
   *     queries
   */
  public static Parsed parse(Connection connection, String sql) {
    return verdict(serialize(connection, sql));
  }

  /**
   * As {@link #parse(Connection, String)}, on a statement prepared with {@link #SERIALIZE} (kept by
   * callers that parse often; preparing it again costs as much as the parse).
   */
  public static Parsed parse(PreparedStatement serialize, String sql) {
    return verdict(serialize(serialize, sql));
  }

  /** The statement that asks DuckDB's parser, with the text as its one parameter. */
  public static final String SERIALIZE = "SELECT json_serialize_sql(?::VARCHAR)";

  private static Parsed verdict(JsonNode verdict) {
    if (verdict.path("error").asBoolean(false)) {
      if ("not implemented".equals(verdict.path("error_type").asText())) {
        return new NotQuery();
      }
      throw new QueryException(
          QueryException.Reason.BAD_REQUEST,
          "Parser Error: " + verdict.path("error_message").asText("the SQL does not parse"));
    }
    JsonNode statements = verdict.path("statements");
    SqlStatements.requireOne(statements.size());
    return new Query(statements.get(0));
  }

  /** The number of statements DuckDB finds in a text of queries, or -1 when it holds others. */
  public static int countQueries(Connection connection, String sql) {
    JsonNode verdict = serialize(connection, sql);
    if (verdict.path("error").asBoolean(false)) {
      return "not implemented".equals(verdict.path("error_type").asText()) ? -1 : -2;
    }
    return verdict.path("statements").size();
  }

  private static JsonNode serialize(Connection connection, String sql) {
    try (PreparedStatement ps = connection.prepareStatement(SERIALIZE)) {
      return serialize(ps, sql);
    } catch (SQLException e) {
      throw new QueryException(QueryException.Reason.BAD_REQUEST, DuckDbErrors.message(e), e);
    }
  }

  private static JsonNode serialize(PreparedStatement ps, String sql) {
    try {
      ps.setString(1, sql);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return JSON.readTree(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new QueryException(QueryException.Reason.BAD_REQUEST, DuckDbErrors.message(e), e);
    } catch (IOException e) {
      throw new IllegalStateException("DuckDB's parser answered with invalid JSON", e);
    }
  }
}
