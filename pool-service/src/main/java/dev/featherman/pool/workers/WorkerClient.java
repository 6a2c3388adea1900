package dev.featherman.pool.workers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Asks workers what they are doing and tells them to drain, over their internal API. */
public final class WorkerClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a worker reports about itself on {@code GET /v1/state}. */
  public record Report(
      String state, int active, long queriesServed, Instant startedAt, Instant lastUsedAt) {
    public boolean draining() {
      return "Draining".equals(state);
    }
  }

  private final HttpClient http;
  private final Duration timeout;

  public WorkerClient(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The worker's report, or empty when it does not answer in time or refuses. */
  public Optional<Report> state(String host, int port, String token) {
    try {
      JsonNode body = call(host, port, token, "GET", "/v1/state");
      return Optional.of(
          new Report(
              body.path("state").asText(),
              body.path("active").asInt(),
              body.path("queriesServed").asLong(),
              Instant.parse(body.path("startedAt").asText()),
              Instant.parse(body.path("lastUsedAt").asText())));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Stops the worker from taking new queries.
   *
   * @return the queries it still runs, or -1 when it did not answer
   */
  public int drain(String host, int port, String token) {
    try {
      return call(host, port, token, "POST", "/v1/drain").path("active").asInt(-1);
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private JsonNode call(String host, int port, String token, String method, String path)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IOException("worker answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }
}
