package dev.featherman.api.validation;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An S3 endpoint: host[:port] with TLS unless the text said http://. Parsed the same way by the
 * webhook, the reconcilers and the engine.
 */
public record Endpoint(String hostAndPort, boolean useSsl) {
  private static final Pattern FORM =
      Pattern.compile(
          "^(?:(https?)://)?([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::([0-9]{1,5}))?/?$");

  /**
   * @throws IllegalArgumentException naming the value and the accepted form
   */
  public static Endpoint parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text.trim());
    if (m == null || !m.matches() || (m.group(3) != null && Integer.parseInt(m.group(3)) > 65535)) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a host[:port] with an optional http:// or"
              + " https:// scheme (no path, user or query), e.g. s3.amazonaws.com or http://minio:9000");
    }
    String host =
        m.group(2).toLowerCase(Locale.ROOT) + (m.group(3) == null ? "" : ":" + m.group(3));
    return new Endpoint(host, !"http".equalsIgnoreCase(m.group(1)));
  }

  /** Whether the text names its scheme explicitly. */
  public static boolean hasScheme(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    return t.startsWith("http://") || t.startsWith("https://");
  }

  /** Whether this is AWS's own S3 service. */
  public boolean isAws() {
    String host =
        hostAndPort.contains(":")
            ? hostAndPort.substring(0, hostAndPort.indexOf(':'))
            : hostAndPort;
    return host.endsWith("amazonaws.com");
  }
}
