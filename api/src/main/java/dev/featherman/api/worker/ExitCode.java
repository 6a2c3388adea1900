package dev.featherman.api.worker;

/**
 * How a one-shot worker ends. Jobs map the codes in a podFailurePolicy: a spec problem fails the
 * Job at once (retrying cannot help), an unavailable dependency is retried with backoff.
 */
public enum ExitCode {
  OK(0),
  FAILED(1),
  /** The spec or configuration is invalid: fix the object, do not retry. */
  INVALID_SPEC(2),
  /** DuckLake cannot make the requested schema change: the table was left as it was. */
  UNSUPPORTED_CHANGE(3),
  /** The catalog database or the object store could not be reached: retry later. */
  UNAVAILABLE(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
