package dev.featherman.objectstore;

/** A backup's objects do not match its manifest, or the manifest is missing or unreadable. */
public class CorruptBackupException extends RuntimeException {
  public CorruptBackupException(String message) {
    super(message);
  }
}
