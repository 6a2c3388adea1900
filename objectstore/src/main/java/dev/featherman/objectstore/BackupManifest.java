package dev.featherman.objectstore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;

/**
 * What a backup holds: every file with its size and SHA-256, the DuckLake snapshot it captures and
 * the versions that wrote it. Uploaded last, so a backup without one is never complete.
 *
 * @param format manifest format version
 * @param namespace namespace of the catalog
 * @param catalog name of the catalog
 * @param backupId the backup's id (its DuckLakeBackup name)
 * @param backend duckdb, sqlite or postgres
 * @param snapshotId the DuckLake snapshot id the export captured
 * @param exportStartedAt when the export began (RFC 3339): files unreferenced before it are safe
 * @param createdAt when the manifest was written (RFC 3339)
 * @param duckdbVersion DuckDB version that exported
 * @param ducklakeVersion DuckLake extension version that exported
 * @param dataPath the catalog's DATA_PATH, which relative data file paths resolve against
 * @param files every object of the backup except the manifest
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupManifest(
    int format,
    String namespace,
    String catalog,
    String backupId,
    String backend,
    long snapshotId,
    String exportStartedAt,
    String createdAt,
    String duckdbVersion,
    String ducklakeVersion,
    String dataPath,
    List<FileEntry> files) {
  /** The format this code writes and reads. */
  public static final int FORMAT = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One object of the backup: its name within the folder, size and SHA-256 (hex). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FileEntry(String name, long size, String sha256) {}

  /** Total bytes of the files. */
  public long totalBytes() {
    return files.stream().mapToLong(FileEntry::size).sum();
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses a manifest.
   *
   * @throws CorruptBackupException when it is not one this code can read
   */
  public static BackupManifest parse(byte[] json, String where) {
    BackupManifest m;
    try {
      m = JSON.readValue(json, BackupManifest.class);
    } catch (IOException e) {
      throw new CorruptBackupException(where + " is not a backup manifest: " + e.getMessage());
    }
    if (m.format() != FORMAT) {
      throw new CorruptBackupException(
          where + " has manifest format " + m.format() + "; this version reads format " + FORMAT);
    }
    if (m.files() == null || m.files().isEmpty()) {
      throw new CorruptBackupException(where + " lists no files");
    }
    for (FileEntry f : m.files()) {
      if (f.name() == null || f.name().contains("/") || f.name().startsWith(".")) {
        throw new CorruptBackupException(
            where + " lists a file named '" + f.name() + "'; only plain file names are allowed");
      }
    }
    return m;
  }
}
