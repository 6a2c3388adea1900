package dev.featherman.api.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultEndTest {
  @Test
  void recordsRoundTripAtTheirFixedSize() {
    byte[] ok = ResultEnd.complete().encode();
    assertThat(ok).hasSize(ResultEnd.SIZE);
    assertThat(ResultEnd.decode(ok)).contains(ResultEnd.complete());
    ResultEnd cut = ResultEnd.failed("RESULT_TOO_LARGE", "the result is larger than \"cap\"");
    assertThat(ResultEnd.decode(cut.encode())).contains(cut);
  }

  @Test
  void longMessagesAreShortenedAndGarbageIsNoRecord() {
    ResultEnd verbose = ResultEnd.failed("TIMEOUT", "x".repeat(5000));
    byte[] record = verbose.encode();
    assertThat(record).hasSize(ResultEnd.SIZE);
    assertThat(ResultEnd.decode(record).orElseThrow().reason()).isEqualTo("TIMEOUT");
    assertThat(ResultEnd.decode(new byte[ResultEnd.SIZE])).isEmpty();
    assertThat(ResultEnd.decode(new byte[3])).isEmpty();
  }
}
