package dev.featherman.testkit;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's own count of the requests it served ({@code apiserver_request_total}), by verb
 * and resource: what a control plane costs the cluster, measured by the cluster.
 */
public final class ApiRequests {
  private static final Pattern LINE = Pattern.compile("^apiserver_request_total\\{(.*)} (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final Map<String, Double> counts;

  private ApiRequests(Map<String, Double> counts) {
    this.counts = counts;
  }

  /** The counts now. */
  public static ApiRequests of(TestingApiServer server) {
    try {
      Map<String, Double> counts = new TreeMap<>();
      for (String line : server.get("/metrics").body().lines().toList()) {
        Matcher m = LINE.matcher(line);
        if (m.matches()) {
          counts.merge(key(m.group(1)), Double.parseDouble(m.group(2)), Double::sum);
        }
      }
      return new ApiRequests(counts);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String key(String labels) {
    Map<String, String> l = new TreeMap<>();
    Matcher m = LABEL.matcher(labels);
    while (m.find()) {
      l.put(m.group(1), m.group(2));
    }
    String resource = l.getOrDefault("resource", "");
    String sub = l.getOrDefault("subresource", "");
    return l.getOrDefault("verb", "?") + " " + resource + (sub.isEmpty() ? "" : "/" + sub);
  }

  /** Requests served since {@code before}, by "VERB resource[/subresource]". */
  public Map<String, Long> since(ApiRequests before) {
    Map<String, Long> delta = new TreeMap<>();
    counts.forEach(
        (k, v) -> {
          long d = Math.round(v - before.counts.getOrDefault(k, 0.0));
          if (d > 0) {
            delta.put(k, d);
          }
        });
    return delta;
  }
}
