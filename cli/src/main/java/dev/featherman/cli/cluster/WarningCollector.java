package dev.featherman.cli.cluster;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the API server's {@code Warning} response headers (RFC 7234: {@code 299 - "text"}), where
 * admission webhooks' warnings arrive, so that deploy prints them as kubectl does.
 */
final class WarningCollector implements Interceptor {
  private static final Pattern WARNING = Pattern.compile("^\\d{3}\\s+\\S+\\s+\"(.*)\"");
  private final List<String> warnings = new ArrayList<>();

  @Override
  public void after(
      HttpRequest request,
      HttpResponse<?> response,
      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    List<String> headers = response.headers("Warning");
    if (headers == null) {
      return;
    }
    synchronized (warnings) {
      headers.forEach(h -> warnings.add(text(h)));
    }
  }

  /** The warnings since the last call, oldest first. */
  List<String> drain() {
    synchronized (warnings) {
      List<String> copy = List.copyOf(warnings);
      warnings.clear();
      return copy;
    }
  }

  static String text(String header) {
    Matcher m = WARNING.matcher(header);
    return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : header;
  }
}
