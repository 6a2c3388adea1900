package dev.featherman.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.ConditionReasons;
import org.junit.jupiter.api.Test;

/** Which Ready=False transitions are progress (no Warning Event) and which are problems. */
class ReadyEventsTest {
  @Test
  void startingRestoringAndPausingAreProgressNotWarnings() {
    for (String reason :
        new String[] {
          ConditionReasons.RECONCILING,
          ConditionReasons.CATALOG_NOT_READY,
          ConditionReasons.VOLUME_PENDING,
          ConditionReasons.WORKERS_STARTING,
          ConditionReasons.PAUSED_FOR_CATALOG_JOB,
          ConditionReasons.RESTORING
        }) {
      assertThat(ReadyEvents.isProgress(reason)).as(reason).isTrue();
    }
    for (String reason :
        new String[] {
          ConditionReasons.SECRET_NOT_FOUND,
          ConditionReasons.EXECUTION_FAILED,
          ConditionReasons.BACKUP_CORRUPTED,
          ConditionReasons.INVALID_SPEC
        }) {
      assertThat(ReadyEvents.isProgress(reason)).as(reason).isFalse();
    }
  }
}
