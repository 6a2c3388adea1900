package dev.featherman.worker.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.worker.Operation;
import dev.featherman.engine.backup.MetadataBackup;
import dev.featherman.engine.connect.LakeSession;
import dev.featherman.objectstore.BackupLayout;
import dev.featherman.objectstore.BackupManifest;
import dev.featherman.objectstore.ObjectTransfer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A backup, as the worker that owns the catalog takes it: export the metadata to a local directory
 * (consistent, see {@link MetadataBackup}), upload every file with its SHA-256, then the manifest.
 * Without the manifest nothing counts as a backup, so a failure part-way leaves no usable object;
 * the objects that did go up are deleted on a best-effort basis.
 */
public final class BackupExport {
  /** Files above this go up in parts unless the operation says otherwise. */
  public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;

  private BackupExport() {}

  /** Runs {@code op} on {@code lake}, writing what it produced into {@code result}. */
  public static void run(
      LakeSession lake,
      DuckLakeCatalogSpec spec,
      String catalog,
      S3Client s3,
      Operation.Backup op,
      ObjectNode result) {
    if (op.folder() == null || !op.folder().endsWith("/") || op.bucket() == null) {
      throw new IllegalArgumentException("a backup needs a bucket and a folder ending in '/'");
    }
    String started = Instant.now().toString();
    Path dir = tempDir();
    try {
      MetadataBackup.Exported exported = MetadataBackup.export(lake, dir.toString());
      MetadataBackup.Versions versions = MetadataBackup.versions(lake);
      ObjectTransfer transfer =
          new ObjectTransfer(
              s3, op.partSizeBytes() == null ? DEFAULT_PART_SIZE : op.partSizeBytes());
      List<BackupManifest.FileEntry> files = new ArrayList<>();
      try {
        for (Path file : files(dir)) {
          files.add(transfer.upload(file, op.bucket(), op.folder() + file.getFileName()));
        }
        BackupManifest manifest =
            new BackupManifest(
                BackupManifest.FORMAT,
                op.namespace(),
                catalog,
                op.backupId(),
                spec.getBackend() == null ? "duckdb" : spec.getBackend().name(),
                exported.snapshotId(),
                started,
                Instant.now().toString(),
                versions.duckdb(),
                versions.ducklake(),
                exported.dataPath(),
                files);
        byte[] json = manifest.toJson();
        transfer.put(op.bucket(), BackupLayout.manifestKey(op.folder()), json);
        result.put("bucket", op.bucket());
        result.put("objectKey", BackupLayout.manifestKey(op.folder()));
        result.put("sizeBytes", manifest.totalBytes());
        result.put("sha256", ObjectTransfer.sha256(json));
        result.put("files", files.size());
        result.put("backupSnapshotId", exported.snapshotId());
        result.put("exportStartedAt", started);
        result.put("duckdbVersion", versions.duckdb());
        result.put("ducklakeVersion", versions.ducklake());
      } catch (RuntimeException e) {
        try {
          transfer.deletePrefix(op.bucket(), op.folder());
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup); // the backup-service removes what is left
        }
        throw new BackupUploadException(
            "uploading the backup to s3://"
                + op.bucket()
                + "/"
                + op.folder()
                + " failed after "
                + files.size()
                + " file(s): "
                + firstLine(e),
            e);
      }
    } finally {
      deleteQuietly(dir);
    }
  }

  /** The upload failed; nothing was left that could pass for a backup. */
  public static final class BackupUploadException extends RuntimeException {
    BackupUploadException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("featherman-backup-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for the export", e);
    }
  }

  private static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteQuietly(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a temporary directory left behind is harmless
    }
  }
}
