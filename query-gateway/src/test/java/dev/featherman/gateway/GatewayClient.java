package dev.featherman.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain HTTP client for the gateway under test, building the README's request body. */
final class GatewayClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  GatewayClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  HttpResponse<String> query(String token, String sql, String catalog, String format)
      throws Exception {
    StringBuilder body = new StringBuilder("{\"sql\":").append(json(sql));
    if (catalog != null) {
      body.append(",\"catalog\":").append(json(catalog));
    }
    if (format != null) {
      body.append(",\"format\":").append(json(format));
    }
    return post(token, body.append('}').toString());
  }

  HttpResponse<byte[]> queryBytes(String token, String sql, String catalog, String format)
      throws Exception {
    String body =
        "{\"sql\":"
            + json(sql)
            + ",\"catalog\":"
            + json(catalog)
            + ",\"format\":"
            + json(format)
            + "}";
    return http.send(
        request(token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> post(String token, String rawBody) throws Exception {
    return http.send(
        request(token).POST(HttpRequest.BodyPublishers.ofString(rawBody)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** A POST whose body is sent chunked (no Content-Length), as a streaming client would. */
  HttpResponse<String> postChunked(String token, byte[] rawBody) throws Exception {
    return http.send(
        request(token)
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(rawBody)))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** POST /v1/catalogs/{c}/tables/{t}/rows with a body of {@code contentType}, streamed. */
  HttpResponse<String> appendRows(
      String token, String catalog, String table, String contentType, byte[] body, String key)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(base + "/v1/catalogs/" + catalog + "/tables/" + table + "/rows"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", contentType)
            .header("Authorization", "Bearer " + token)
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(body)));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpResponse<String> get(String path) throws Exception {
    return get(path, null);
  }

  HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/query"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  static String json(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
