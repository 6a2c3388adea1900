package dev.featherman.cli.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.v1alpha1.DuckLakeTable;
import dev.featherman.api.v1alpha1.FeathermanStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One object's line in {@code featherman status}: whether it is Ready, why not, and the figures an
 * operator looks at first. Printed as a table row or as JSON/YAML.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusRow(
    String kind,
    String namespace,
    String name,
    String ready,
    String reason,
    String message,
    String phase,
    Map<String, Object> figures,
    String created) {

  /** The row of any Featherman object. */
  static StatusRow of(CustomResource<?, ? extends FeathermanStatus> object) {
    FeathermanStatus status = object.getStatus();
    Optional<Condition> ready =
        status == null ? Optional.empty() : Conditions.find(status, ConditionTypes.READY);
    Map<String, Object> figures = new LinkedHashMap<>();
    String phase = null;
    if (object instanceof DuckLakeCatalog c) {
      figures.put("backend", c.getSpec().getBackend());
      if (c.getStatus() != null) {
        phase = str(c.getStatus().getPhase());
        figures.put("snapshot", c.getStatus().getSnapshotId());
        figures.put("lastBackup", c.getStatus().getLastSuccessfulBackup());
      }
    } else if (object instanceof DuckLakeTable t) {
      figures.put("catalog", t.getSpec().getCatalogRef());
      if (t.getStatus() != null) {
        phase = str(t.getStatus().getPhase());
        figures.put("rows", t.getStatus().getRowCount());
        figures.put("snapshot", t.getStatus().getSnapshotId());
        figures.put("files", t.getStatus().getDataFiles());
        if (t.getStatus().getMaterialization() != null) {
          figures.put("materialized", t.getStatus().getMaterialization().getLastRun());
        }
      }
    } else if (object instanceof DuckLakePool p) {
      figures.put("catalog", p.getSpec().getCatalogRef().getName());
      if (p.getStatus() != null) {
        phase = str(p.getStatus().getPhase());
        figures.put("size", p.getStatus().getCurrentSize());
        figures.put("desired", p.getStatus().getDesiredSize());
        figures.put("idle", p.getStatus().getIdlePods());
        figures.put("busy", p.getStatus().getBusyPods());
        figures.put("queued", p.getStatus().getQueueLength());
      }
    } else if (object instanceof DuckLakeBackup b) {
      figures.put("catalog", b.getSpec().getCatalogRef());
      if (b.getStatus() != null) {
        phase = str(b.getStatus().getPhase());
        figures.put("bytes", b.getStatus().getSizeBytes());
        figures.put("snapshot", b.getStatus().getSnapshotId());
        if (ready.isEmpty()) {
          return backupRow(b, phase, figures);
        }
      }
    }
    figures.values().removeIf(v -> v == null);
    return new StatusRow(
        object.getKind(),
        object.getMetadata().getNamespace(),
        object.getMetadata().getName(),
        ready.map(Condition::getStatus).orElse("Unknown"),
        ready.map(Condition::getReason).orElse(status == null ? "NotObserved" : null),
        ready.map(Condition::getMessage).orElse(null),
        phase,
        figures,
        object.getMetadata().getCreationTimestamp());
  }

  /** A backup without conditions: its phase says it all. */
  private static StatusRow backupRow(DuckLakeBackup b, String phase, Map<String, Object> figures) {
    figures.values().removeIf(v -> v == null);
    String ready =
        switch (b.getStatus().getPhase() == null ? "" : b.getStatus().getPhase().name()) {
          case "Completed" -> "True";
          case "Failed" -> "False";
          default -> "Unknown";
        };
    return new StatusRow(
        b.getKind(),
        b.getMetadata().getNamespace(),
        b.getMetadata().getName(),
        ready,
        phase,
        b.getStatus().getError(),
        phase,
        figures,
        b.getMetadata().getCreationTimestamp());
  }

  /** kind/name, as kubectl names an object. */
  public String qualifiedName() {
    return kind.toLowerCase(java.util.Locale.ROOT) + "/" + name;
  }

  /** The figures as {@code key=value} words. */
  public String details() {
    return figures.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }

  /** kubectl's AGE: the largest unit that fits (45s, 12m, 3h, 9d). */
  public String age(Instant now) {
    if (created == null) {
      return "<unknown>";
    }
    Duration d = Duration.between(Instant.parse(created), now);
    if (d.toDays() > 0) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + "m";
    }
    return Math.max(0, d.toSeconds()) + "s";
  }

  private static String str(Object value) {
    return value == null ? null : value.toString();
  }
}
