package dev.featherman.api.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Termination messages as the control plane reads them. */
class OperationResultTest {
  @Test
  void aWorkersResultIsReadWithTheFieldsTheControlPlaneUses() {
    OperationResult r =
        OperationResult.parse(
            "{\"ok\":true,\"snapshotId\":7,\"rowCount\":3,\"statements\":[\"CREATE TABLE t\"],"
                + "\"exists\":true,\"reportedByANewerWorker\":{\"x\":1}}");
    assertThat(r.ok()).isTrue();
    assertThat(r.snapshotId()).isEqualTo(7);
    assertThat(r.rowCount()).isEqualTo(3);
    assertThat(r.filesMerged()).as("not reported").isNull();
    assertThat(OperationResult.orZero(r.dataFiles())).isZero();
  }

  @Test
  void aMessageThatIsNotAResultIsAnExecutionFailureCarryingItsText() {
    // With terminationMessagePolicy FallbackToLogsOnError a crash leaves its last log lines.
    OperationResult r =
        OperationResult.parse("Exception in thread \"main\" java.lang.OutOfMemoryError");
    assertThat(r.ok()).isFalse();
    assertThat(r.reason()).isEqualTo("ExecutionFailed");
    assertThat(r.message()).contains("OutOfMemoryError");
    assertThat(OperationResult.parse("[1,2]").reason()).isEqualTo("ExecutionFailed");
  }

  @Test
  void writtenResultsLeaveOutWhatWasNotReported() {
    assertThat(OperationResult.failure("InvalidSpec", "spec.name: required").toJson())
        .isEqualTo("{\"ok\":false,\"reason\":\"InvalidSpec\",\"message\":\"spec.name: required\"}");
    assertThat(OperationResult.none().toJson()).isEqualTo("{}");
  }
}
