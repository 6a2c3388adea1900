package dev.featherman.worker.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featherman.api.worker.Operation;
import dev.featherman.engine.backup.MetadataBackup;
import dev.featherman.engine.connect.LakeConfig;
import dev.featherman.engine.connect.LakeSessionFactory;
import dev.featherman.objectstore.BackupVerifier;
import dev.featherman.objectstore.ObjectTransfer;
import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bootstraps a new catalog from a backup: download every file, verifying sizes and SHA-256 against
 * the manifest (a mismatch stops here, before anything is written), then load the metadata.
 */
public final class BackupRestore {
  private BackupRestore() {}

  /** Runs {@code op} into the catalog {@code target}, writing the outcome into {@code result}. */
  public static void run(
      LakeSessionFactory factory,
      LakeConfig target,
      S3Client s3,
      Operation.Restore op,
      ObjectNode result) {
    Path dir = BackupExport.tempDir();
    try {
      BackupVerifier.Verified verified =
          new BackupVerifier(new ObjectTransfer(s3, ObjectTransfer.MIN_PART_SIZE))
              .fetch(op.bucket(), op.manifestKey(), dir);
      long snapshot =
          MetadataBackup.restore(factory, target, dir.toString(), verified.manifest().dataPath());
      result.put("restoredFrom", "s3://" + op.bucket() + "/" + op.manifestKey());
      result.put("backupSnapshotId", verified.manifest().snapshotId());
      result.put("snapshotId", snapshot);
      result.put("dataPath", target.dataPath());
      result.put(
          "sourceCatalog", verified.manifest().namespace() + "/" + verified.manifest().catalog());
    } finally {
      BackupExport.deleteQuietly(dir);
    }
  }
}
