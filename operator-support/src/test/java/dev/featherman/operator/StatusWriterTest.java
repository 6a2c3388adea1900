package dev.featherman.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featherman.api.v1alpha1.DuckLakeCatalogStatus;
import dev.featherman.api.v1alpha1.DuckLakePoolStatus;
import dev.featherman.api.v1alpha1.PoolPodStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The status merge patch: whole arrays, dropped fields as null, foreign fields never sent. */
class StatusWriterTest {
  @Test
  void arraysGoWholeAndDroppedFieldsAsNull() {
    DuckLakePoolStatus before = new DuckLakePoolStatus();
    PoolPodStatus a = new PoolPodStatus();
    a.setName("a");
    before.setPods(List.of(a));
    before.setLastScaleTime("2026-11-21T00:00:00Z");
    String json = Serialization.asJson(before);
    DuckLakePoolStatus after = new DuckLakePoolStatus();
    PoolPodStatus b = new PoolPodStatus();
    b.setName("b");
    after.setPods(List.of(a, b));
    var patch = new StatusWriter(null, Set.of()).patch(json, after);
    assertThat(patch.get("pods").size()).isEqualTo(2);
    assertThat(patch.get("lastScaleTime").isNull()).isTrue();
  }

  @Test
  void fieldsAnotherServiceOwnsAreNeverSent() {
    DuckLakeCatalogStatus before = new DuckLakeCatalogStatus();
    before.setLastSuccessfulBackup("nightly");
    DuckLakeCatalogStatus after = new DuckLakeCatalogStatus();
    after.setSnapshotId(7L);
    var patch =
        new StatusWriter(null, DuckLakeCatalogStatus.BACKUP_SERVICE_FIELDS)
            .patch(Serialization.asJson(before), after);
    assertThat(patch.has("lastSuccessfulBackup")).isFalse();
    assertThat(patch.get("snapshotId").asLong()).isEqualTo(7);
  }

  @Test
  void operationsAddWholeFieldsOrTheWholeStatus() {
    var fields = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    fields.putArray("conditions").addObject().put("type", "Ready");
    fields.putNull("error");
    var first =
        StatusWriter.operations(
            new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode(), fields);
    assertThat(first.toString())
        .isEqualTo(
            "[{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"conditions\":[{\"type\":\"Ready\"}]}}]");
    var later =
        StatusWriter.operations(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("error", "was"),
            fields);
    assertThat(later).hasSize(2);
    assertThat(later.get(0).get("path").asText()).isEqualTo("/status/conditions");
    assertThat(later.get(1).get("value").isNull()).isTrue();
  }
}
