package dev.featherman.bench;

import java.util.Arrays;
import java.util.List;

/** Latency samples in nanoseconds, and the medians over repeated runs that the report prints. */
final class Samples {
  private final long[] nanos;
  private int n;

  Samples(int capacity) {
    nanos = new long[capacity];
  }

  /** One measured call. */
  interface Call {
    void run() throws Exception;
  }

  /** Times {@code count} calls of {@code call} that follow {@code warmups} untimed ones. */
  static Samples timed(int warmups, int count, Call call) throws Exception {
    Samples s = new Samples(count);
    for (int i = -warmups; i < count; i++) {
      long t = System.nanoTime();
      call.run();
      if (i >= 0) {
        s.add(System.nanoTime() - t);
      }
    }
    return s;
  }

  void add(long value) {
    nanos[n++] = value;
  }

  /** The q-quantile (0..1) in milliseconds. */
  double quantileMillis(double q) {
    long[] sorted = Arrays.copyOf(nanos, n);
    Arrays.sort(sorted);
    int index = (int) Math.min(n - 1, Math.ceil(q * n) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  /** Median of several runs' values. */
  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
