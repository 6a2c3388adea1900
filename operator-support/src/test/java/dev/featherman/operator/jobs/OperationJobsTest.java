package dev.featherman.operator.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.v1alpha1.DuckLakeTable;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Job names: stable per owner, generation and operation; valid however long the owner's name. */
class OperationJobsTest {
  static final Pattern DNS_LABEL_SAFE = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

  static DuckLakeTable owner(String name, long generation) {
    DuckLakeTable t = new DuckLakeTable();
    t.setMetadata(
        new ObjectMetaBuilder().withName(name).withUid("uid-1").withGeneration(generation).build());
    return t;
  }

  @Test
  void namesAreStableAndChangeWithTheSpec() {
    String a = OperationJobs.jobName(owner("users", 1), "apply", "{}");
    assertThat(OperationJobs.jobName(owner("users", 1), "apply", "{}")).isEqualTo(a);
    assertThat(OperationJobs.jobName(owner("users", 2), "apply", "{}")).isNotEqualTo(a);
    assertThat(OperationJobs.jobName(owner("users", 1), "apply", "{\"x\":1}")).isNotEqualTo(a);
    assertThat(a).startsWith("users-apply-").hasSize("users-apply-".length() + 10);
  }

  @Test
  void longNamesAreCutToValidNames() {
    // "-materialize-" plus 10 hex characters leaves 40 for the owner's name: cut right after '.' or
    // '-'.
    String[] names = {
      "a".repeat(60), "a".repeat(39) + "." + "b".repeat(20), "a".repeat(38) + "--" + "b".repeat(20)
    };
    for (String name : names) {
      String job = OperationJobs.jobName(owner(name, 1), "materialize", "{}");
      assertThat(job)
          .as(name)
          .hasSizeLessThanOrEqualTo(63)
          .matches(DNS_LABEL_SAFE)
          .doesNotContain(".-")
          .doesNotContain("---");
    }
  }
}
