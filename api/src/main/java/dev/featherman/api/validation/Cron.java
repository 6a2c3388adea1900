package dev.featherman.api.validation;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Five-field cron expressions (minute hour day-of-month month day-of-week) and @-macros. */
public final class Cron {
  private static final Set<String> MACROS =
      Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
  private static final String[] NAMES = {"minute", "hour", "day of month", "month", "day of week"};
  private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
  private static final Map<String, Integer> MONTHS =
      Map.ofEntries(
          Map.entry("JAN", 1),
          Map.entry("FEB", 2),
          Map.entry("MAR", 3),
          Map.entry("APR", 4),
          Map.entry("MAY", 5),
          Map.entry("JUN", 6),
          Map.entry("JUL", 7),
          Map.entry("AUG", 8),
          Map.entry("SEP", 9),
          Map.entry("OCT", 10),
          Map.entry("NOV", 11),
          Map.entry("DEC", 12));
  private static final Map<String, Integer> DAYS =
      Map.of("SUN", 0, "MON", 1, "TUE", 2, "WED", 3, "THU", 4, "FRI", 5, "SAT", 6);

  private Cron() {}

  /** Prefix of an interval schedule, {@code @every <Go duration>} (backups and maintenance). */
  public static final String EVERY = "@every ";

  /**
   * Like {@link #problem(String)}, also accepting {@code @every <Go duration>} of at least one
   * second, as the Go operator's cron library did.
   */
  public static Optional<String> problem(String expression, boolean allowEvery) {
    if (allowEvery && expression != null && expression.trim().startsWith(EVERY)) {
      try {
        java.time.Duration d = every(expression);
        return d.compareTo(java.time.Duration.ofSeconds(1)) < 0
            ? Optional.of("'" + expression.trim() + "' is shorter than the smallest interval, 1s")
            : Optional.empty();
      } catch (IllegalArgumentException e) {
        return Optional.of(e.getMessage());
      }
    }
    return problem(expression);
  }

  /** The interval of an {@code @every} schedule. */
  public static java.time.Duration every(String expression) {
    return dev.featherman.api.types.GoDuration.parse(
        expression.trim().substring(EVERY.length()).trim());
  }

  /** Empty when valid; otherwise what is wrong, naming the field of the expression. */
  public static Optional<String> problem(String expression) {
    if (expression == null || expression.isBlank()) {
      return Optional.of("a schedule is required, e.g. \"0 2 * * *\" or \"@daily\"");
    }
    String e = expression.trim();
    if (e.startsWith("@")) {
      return MACROS.contains(e.toLowerCase(Locale.ROOT))
          ? Optional.empty()
          : Optional.of(
              "'" + e + "' is not a cron macro; use one of " + new java.util.TreeSet<>(MACROS));
    }
    String[] fields = e.split("\\s+");
    if (fields.length != 5) {
      return Optional.of(
          "'"
              + e
              + "' has "
              + fields.length
              + " fields; use five: minute hour day-of-month month day-of-week (UTC), e.g. \"0 2 * * *\"");
    }
    for (int i = 0; i < 5; i++) {
      Optional<String> p = field(fields[i], i);
      if (p.isPresent()) {
        return Optional.of("'" + e + "': " + NAMES[i] + " field '" + fields[i] + "' " + p.get());
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a five-field expression restricts both day-of-month and day-of-week (classic cron ORs
   * them; Quartz, which runs backup and maintenance schedules, cannot).
   */
  public static boolean restrictsBothDays(String expression) {
    String[] fields = expression == null ? new String[0] : expression.trim().split("\\s+");
    return fields.length == 5 && !fields[2].equals("*") && !fields[4].equals("*");
  }

  private static Optional<String> field(String text, int index) {
    for (String part : text.split(",", -1)) {
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        Integer step = number(part.substring(slash + 1), index, false);
        if (step == null || step < 1) {
          return Optional.of("has an invalid step '" + part.substring(slash + 1) + "'");
        }
      }
      if (range.equals("*")) {
        continue;
      }
      String[] bounds = range.split("-", -1);
      if (bounds.length > 2) {
        return Optional.of("has an invalid range '" + range + "'");
      }
      Integer low = number(bounds[0], index, true);
      Integer high = bounds.length == 2 ? number(bounds[1], index, true) : low;
      if (low == null || high == null) {
        return Optional.of(
            "must be *, a number from "
                + RANGES[index][0]
                + " to "
                + RANGES[index][1]
                + (index == 3 ? " or JAN-DEC" : index == 4 ? " or SUN-SAT" : "")
                + ", a range a-b, a step */n, or a list");
      }
      if (low > high) {
        return Optional.of("has a range that runs backwards: '" + range + "'");
      }
    }
    return Optional.empty();
  }

  private static Integer number(String text, int index, boolean checkRange) {
    String t = text.toUpperCase(Locale.ROOT);
    Integer value = index == 3 ? MONTHS.get(t) : index == 4 ? DAYS.get(t) : null;
    if (value == null) {
      if (!t.matches("[0-9]{1,2}")) {
        return null;
      }
      value = Integer.parseInt(t);
    }
    if (checkRange && (value < RANGES[index][0] || value > RANGES[index][1])) {
      return null;
    }
    return value;
  }
}
