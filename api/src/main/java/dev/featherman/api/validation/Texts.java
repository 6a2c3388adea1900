package dev.featherman.api.validation;

/** Free text that ends up in SQL or logs: comments and descriptions. */
public final class Texts {
  /** Longest free text accepted (DuckDB comments have no limit; etcd objects do). */
  public static final int MAX_LENGTH = 4096;

  private Texts() {}

  /**
   * Adds an error when {@code text} (may be null) holds control characters other than tab and
   * newline (NUL above all, which DuckDB refuses later, failing the reconcile instead of the apply)
   * or is longer than {@link #MAX_LENGTH}.
   */
  public static void checkPlain(String text, String field, Validation v) {
    if (text == null) {
      return;
    }
    if (text.length() > MAX_LENGTH) {
      v.error(field, "is " + text.length() + " characters long; at most " + MAX_LENGTH);
      return;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\t' && c != '\n') {
        v.error(
            field,
            String.format(
                "contains the control character U+%04X at position %d; use plain text",
                (int) c, i));
        return;
      }
    }
  }

  /** {@code text} cut to 64 characters for an error message. */
  public static String shortened(String text) {
    return text == null || text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }
}
