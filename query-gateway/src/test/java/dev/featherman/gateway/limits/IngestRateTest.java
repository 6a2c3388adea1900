package dev.featherman.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.engine.ingest.IngestFormat;
import dev.featherman.engine.ingest.IngestLimits;
import dev.featherman.engine.ingest.LakeIngest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class IngestRateTest {
  static final int MB = 1_000_000;

  final MeterRegistry registry = new SimpleMeterRegistry();

  static LakeIngest.Request rows(int bytes) {
    return new LakeIngest.Request(
        "events",
        IngestFormat.CSV,
        new ByteArrayInputStream(new byte[bytes]),
        null,
        "someone",
        new IngestLimits(Long.MAX_VALUE, Long.MAX_VALUE));
  }

  double throttledSeconds() {
    return registry.get("featherman.gateway.ingest.throttled").counter().count();
  }

  static long drain(LakeIngest.Request request) throws Exception {
    long read = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = request.body()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        read += n;
      }
    }
    return read;
  }

  @Test
  void aPrincipalPastItsRateIsSlowedDownAndLosesNoByte() throws Exception {
    IngestRate rate = new IngestRate(MB, registry);
    long started = System.nanoTime();
    // One second's worth is free, the second megabyte is paid for at 1 MB/s.
    assertThat(drain(rate.throttle("alice", rows(2 * MB)))).isEqualTo(2 * MB);
    double elapsed = (System.nanoTime() - started) / 1e9;
    assertThat(elapsed).isGreaterThanOrEqualTo(0.9);
    assertThat(throttledSeconds()).isBetween(0.9, elapsed + 0.1);
  }

  @Test
  void eachPrincipalHasItsOwnAllowance() throws Exception {
    IngestRate rate = new IngestRate(MB, registry);
    drain(rate.throttle("alice", rows(MB))); // alice's allowance is spent
    drain(rate.throttle("bob", rows(MB / 2)));
    assertThat(throttledSeconds()).isZero();
    drain(rate.throttle("alice", rows(MB / 2)));
    assertThat(throttledSeconds()).isGreaterThan(0.3);
  }

  @Test
  void withoutARateTheRequestIsUntouched() {
    LakeIngest.Request request = rows(10);
    assertThat(new IngestRate(0, registry).throttle("alice", request)).isSameAs(request);
  }
}
