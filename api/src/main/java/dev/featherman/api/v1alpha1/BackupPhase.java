package dev.featherman.api.v1alpha1;

/** Where a backup is in its life; only Completed backups can be restored. */
public enum BackupPhase {
  Pending,
  Running,
  Completed,
  Failed
}
