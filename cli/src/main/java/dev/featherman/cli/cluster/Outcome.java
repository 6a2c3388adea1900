package dev.featherman.cli.cluster;

/** What one look at an object says about the wait for it. */
record Outcome(State state, String detail) {
  enum State {
    DONE,
    FAILED,
    PENDING
  }

  static Outcome done(String detail) {
    return new Outcome(State.DONE, detail);
  }

  static Outcome failed(String detail) {
    return new Outcome(State.FAILED, detail);
  }

  static Outcome pending(String detail) {
    return new Outcome(State.PENDING, detail);
  }
}
