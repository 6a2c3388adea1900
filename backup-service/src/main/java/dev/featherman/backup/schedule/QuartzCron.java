package dev.featherman.backup.schedule;

import dev.featherman.api.validation.Cron;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns the five-field cron of the API (minute hour day-of-month month day-of-week, or a macro)
 * into Quartz's form: a seconds field, '?' for the unrestricted day field, and days of the week as
 * names (cron counts Sunday as 0 or 7, Quartz as 1).
 */
public final class QuartzCron {
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 0 1 1 ?",
          "@annually", "0 0 0 1 1 ?",
          "@monthly", "0 0 0 1 * ?",
          "@weekly", "0 0 0 ? * SUN",
          "@daily", "0 0 0 * * ?",
          "@midnight", "0 0 0 * * ?",
          "@hourly", "0 0 * * * ?");
  private static final String[] DAY_NAMES = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
  private static final Map<String, Integer> DAYS =
      Map.of("SUN", 0, "MON", 1, "TUE", 2, "WED", 3, "THU", 4, "FRI", 5, "SAT", 6);

  private QuartzCron() {}

  /**
   * The Quartz expression for {@code expression}.
   *
   * @throws IllegalArgumentException naming what is wrong (the webhook rejects these earlier)
   */
  public static String of(String expression) {
    Cron.problem(expression)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p);
            });
    String e = expression.trim();
    if (e.startsWith("@")) {
      return MACROS.get(e.toLowerCase(Locale.ROOT));
    }
    if (Cron.restrictsBothDays(e)) {
      throw new IllegalArgumentException(
          "'" + e + "' restricts both day-of-month and day-of-week; restrict one of them");
    }
    String[] f = e.split("\\s+");
    String dayOfMonth = f[4].equals("*") ? f[2] : "?";
    String dayOfWeek = f[4].equals("*") ? "?" : daysOfWeek(f[4]);
    return "0 " + f[0] + " " + f[1] + " " + dayOfMonth + " " + f[3] + " " + dayOfWeek;
  }

  /** The days a cron day-of-week field names, as a Quartz list of day names. */
  static String daysOfWeek(String field) {
    TreeSet<Integer> days = new TreeSet<>();
    for (String part : field.split(",")) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = Integer.parseInt(part.substring(slash + 1));
        range = part.substring(0, slash);
      }
      int low;
      int high;
      if (range.equals("*")) {
        low = 0;
        high = 6;
      } else {
        String[] bounds = range.split("-");
        low = day(bounds[0]);
        high = bounds.length == 2 ? day(bounds[1]) : (slash >= 0 ? 6 : low);
      }
      for (int d = low; d <= high; d += step) {
        days.add(d % 7);
      }
    }
    StringBuilder out = new StringBuilder();
    for (int d : days) {
      out.append(out.length() == 0 ? "" : ",").append(DAY_NAMES[d]);
    }
    return out.toString();
  }

  private static int day(String text) {
    Integer named = DAYS.get(text.toUpperCase(Locale.ROOT));
    return named != null ? named : Integer.parseInt(text);
  }
}
