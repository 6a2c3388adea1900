package dev.featherman.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featherman.cli.CliException;
import dev.featherman.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The gateway's REST API as the CLI uses it: POST /v1/queries and the version in /actuator/info.
 */
final class GatewayClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  GatewayClient(URI base, String token) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.token = token;
  }

  /**
   * Sends one statement; returns the streaming body of a successful answer. A refusal becomes a
   * {@link CliException} with the gateway's problem detail.
   */
  InputStream query(String sql, String catalog, String format, List<JsonNode> params) {
    ObjectNode body = JSON.createObjectNode().put("sql", sql).put("format", format);
    if (catalog != null) {
      body.put("catalog", catalog);
    }
    if (!params.isEmpty()) {
      ArrayNode array = body.putArray("params");
      params.forEach(array::add);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("v1/queries"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<InputStream> response = send(request.build());
    if (response.statusCode() / 100 != 2) {
      throw new CliException(ExitCodes.FAILED, problem(response));
    }
    return response.body();
  }

  /** The catalogs this token may query (GET /v1/catalogs). */
  List<String> catalogs() {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("v1/catalogs")).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<InputStream> response = send(request.build());
    if (response.statusCode() != 200) {
      throw new CliException(ExitCodes.FAILED, problem(response));
    }
    try (InputStream in = response.body()) {
      List<String> names = new java.util.ArrayList<>();
      JSON.readTree(in).path("catalogs").forEach(c -> names.add(c.path("name").asText()));
      return names;
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "cannot read the gateway's catalog list: " + e);
    }
  }

  /** The gateway's build version from /actuator/info, or null when it does not say. */
  String version() {
    HttpResponse<InputStream> response =
        send(HttpRequest.newBuilder(base.resolve("actuator/info")).GET().build());
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        return null;
      }
      JsonNode info = JSON.readTree(in);
      return info.path("build").path("version").isMissingNode()
          ? null
          : info.path("build").path("version").asText();
    } catch (IOException e) {
      return null;
    }
  }

  URI base() {
    return base;
  }

  private HttpResponse<InputStream> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.UNREACHABLE,
          "cannot reach the gateway at "
              + base
              + " ("
              + e
              + "); set --gateway or FEATHERMAN_GATEWAY");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted");
    }
  }

  /** "detail (HTTP 400 Bad Request)" from an application/problem+json answer. */
  private static String problem(HttpResponse<InputStream> response) {
    String text;
    try (InputStream in = response.body()) {
      text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = "";
    }
    String detail = text;
    String title = "";
    try {
      JsonNode problem = JSON.readTree(text);
      if (problem != null && problem.has("detail")) {
        detail = problem.get("detail").asText();
        title = " " + problem.path("title").asText("");
      }
    } catch (IOException notJson) {
      // Not a problem document (a proxy's page, say): show it as it came.
    }
    String hint =
        response.statusCode() == 401
            ? "; give a token with FEATHERMAN_TOKEN or --token-file (make run keeps one in data/token)"
            : "";
    return detail + " (HTTP " + response.statusCode() + title + ")" + hint;
  }
}
