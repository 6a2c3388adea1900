package dev.featherman.cli;

/** The process exit codes every command uses (listed in {@code featherman --help}). */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int TIMED_OUT = 3;
  public static final int UNREACHABLE = 4;

  private ExitCodes() {}
}
