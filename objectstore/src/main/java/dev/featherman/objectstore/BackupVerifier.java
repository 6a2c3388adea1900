package dev.featherman.objectstore;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Checks a backup against its manifest: every listed object exists with the listed size and
 * SHA-256. Used after upload (nothing is Completed unverified) and before a restore (nothing is
 * loaded from a backup that does not match).
 */
public final class BackupVerifier {
  private final ObjectTransfer transfer;

  public BackupVerifier(ObjectTransfer transfer) {
    this.transfer = transfer;
  }

  /** A verified backup: its manifest, the manifest's own SHA-256, and the bytes it holds. */
  public record Verified(BackupManifest manifest, String manifestSha256, long totalBytes) {}

  /** Verifies the backup in place (reads and hashes every object, keeps nothing). */
  public Verified verify(String bucket, String manifestKey) {
    return check(bucket, manifestKey, null);
  }

  /** Downloads the backup into {@code dir}, verifying every file on the way. */
  public Verified fetch(String bucket, String manifestKey, Path dir) {
    return check(bucket, manifestKey, dir);
  }

  private Verified check(String bucket, String manifestKey, Path dir) {
    String where = "s3://" + bucket + "/" + manifestKey;
    byte[] json;
    try {
      json = transfer.get(bucket, manifestKey);
    } catch (NoSuchKeyException e) {
      throw new CorruptBackupException(
          where + " does not exist: the backup never completed, or the key is wrong");
    }
    BackupManifest manifest = BackupManifest.parse(json, where);
    String folder = BackupLayout.folderOf(manifestKey);
    for (BackupManifest.FileEntry expected : manifest.files()) {
      String key = folder + expected.name();
      BackupManifest.FileEntry actual;
      try (OutputStream out =
          dir == null ? null : Files.newOutputStream(dir.resolve(expected.name()))) {
        actual = transfer.read(bucket, key, out);
      } catch (NoSuchKeyException e) {
        throw new CorruptBackupException(
            "s3://" + bucket + "/" + key + " is listed in the manifest but missing");
      } catch (IOException e) {
        throw new UncheckedIOException("writing " + expected.name() + " failed", e);
      }
      if (actual.size() != expected.size() || !actual.sha256().equals(expected.sha256())) {
        throw new CorruptBackupException(
            "s3://"
                + bucket
                + "/"
                + key
                + " does not match the manifest: "
                + actual.size()
                + " bytes with SHA-256 "
                + actual.sha256()
                + ", expected "
                + expected.size()
                + " bytes with SHA-256 "
                + expected.sha256()
                + "; the backup is damaged, restore from another one");
      }
    }
    return new Verified(manifest, ObjectTransfer.sha256(json), manifest.totalBytes());
  }
}
