package dev.featherman.api.types;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Go-style durations ("300s", "5m", "1h30m", "250ms") as the Go API wrote them. */
public final class GoDuration {
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

  private GoDuration() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the value and the expected form
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("duration is empty; use a value such as 30s, 5m or 1h");
    }
    Matcher m = PART.matcher(text);
    long nanos = 0;
    int pos = 0;
    while (m.find() && m.start() == pos) {
      double part = Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
      if (part >= Long.MAX_VALUE || Long.MAX_VALUE - nanos < (long) part) {
        throw new IllegalArgumentException(
            "'" + text + "' is too long a duration; the largest is about 292 years (2562047h)");
      }
      nanos += (long) part;
      pos = m.end();
    }
    if (pos != text.length() || pos == 0) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a duration; use a number with a unit (ns, us, ms, s, m, h), e.g. 300s or 1h30m");
    }
    return Duration.ofNanos(nanos);
  }

  /** Parses {@code text}, or returns {@code fallback} when it is null. */
  public static Duration parseOr(String text, Duration fallback) {
    return text == null ? fallback : parse(text);
  }

  /** {@code duration} in the largest unit that holds it exactly ("5m", "1h", "30s", "250ms"). */
  public static String format(Duration duration) {
    long nanos = duration.toNanos();
    for (String unit : new String[] {"h", "m", "s", "ms", "us"}) {
      long size = unitNanos(unit);
      if (nanos % size == 0) {
        return nanos / size + unit;
      }
    }
    return nanos + "ns";
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw new IllegalArgumentException("unknown duration unit " + unit);
    };
  }
}
