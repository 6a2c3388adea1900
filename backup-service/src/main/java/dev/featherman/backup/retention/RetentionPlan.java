package dev.featherman.backup.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which backups of one catalog retention deletes: Completed backups older than retentionDays,
 * except the newest keepLast, pinned ones and ones a catalog is restored from; Failed backups older
 * than retentionDays unless pinned. Pending and Running backups are never touched.
 */
public final class RetentionPlan {
  private RetentionPlan() {}

  /** What retention needs to know about one backup. */
  public record Candidate(
      String name, Phase phase, Instant finishedAt, boolean pinned, boolean restoredFrom) {}

  /** The phases that matter to retention. */
  public enum Phase {
    COMPLETED,
    FAILED,
    IN_PROGRESS
  }

  /**
   * The names to delete.
   *
   * @param keepLast newest Completed backups always kept (0 or null: none)
   */
  public static List<String> select(
      List<Candidate> backups, Instant now, int retentionDays, Integer keepLast) {
    Instant cutoff = now.minus(Duration.ofDays(retentionDays));
    List<Candidate> completed =
        backups.stream()
            .filter(b -> b.phase() == Phase.COMPLETED)
            .sorted(Comparator.comparing(Candidate::finishedAt).reversed())
            .toList();
    int keep = keepLast == null ? 0 : keepLast;
    List<String> delete = new ArrayList<>();
    for (int i = keep; i < completed.size(); i++) {
      Candidate b = completed.get(i);
      if (b.finishedAt().isBefore(cutoff) && !b.pinned() && !b.restoredFrom()) {
        delete.add(b.name());
      }
    }
    for (Candidate b : backups) {
      if (b.phase() == Phase.FAILED && b.finishedAt().isBefore(cutoff) && !b.pinned()) {
        delete.add(b.name());
      }
    }
    return delete;
  }
}
