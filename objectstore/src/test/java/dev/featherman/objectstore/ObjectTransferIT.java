package dev.featherman.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featherman.api.v1alpha1.ObjectStoreSpec;
import dev.featherman.testkit.TestingS3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** Multipart uploads, verification and its failures, against the in-JVM S3 server. */
class ObjectTransferIT {
  static TestingS3Server server;
  static S3Client s3;
  static ObjectTransfer transfer;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = TestingS3Server.start(Files.createTempDirectory("objectstore-it"));
    server.createBucket("lake");
    ObjectStoreSpec store = new ObjectStoreSpec();
    store.setEndpoint("http://" + server.hostAndPort());
    store.setBucket("lake");
    s3 =
        S3Clients.create(
            store,
            new S3Keys(server.accessKey(), server.secretKey(), null),
            Duration.ofSeconds(10),
            1);
    transfer = new ObjectTransfer(s3, ObjectTransfer.MIN_PART_SIZE);
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    server.close();
  }

  /** Writes a backup folder of {@code files} (one of them 12 MiB: three parts) plus manifest. */
  String backup(String folder, int files) throws Exception {
    List<BackupManifest.FileEntry> entries = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      Path f = dir.resolve("file-" + i + ".parquet");
      byte[] bytes = new byte[i == 0 ? 12 * 1024 * 1024 + 17 : 1000 + i];
      new Random(i).nextBytes(bytes);
      Files.write(f, bytes);
      entries.add(transfer.upload(f, "lake", folder + f.getFileName()));
    }
    BackupManifest manifest =
        new BackupManifest(
            BackupManifest.FORMAT,
            "ns",
            "sales",
            "b1",
            "duckdb",
            7,
            Instant.now().toString(),
            Instant.now().toString(),
            "v1.5.5",
            "d8a1881e",
            "s3://lake/data/",
            entries);
    transfer.put("lake", BackupLayout.manifestKey(folder), manifest.toJson());
    return BackupLayout.manifestKey(folder);
  }

  @Test
  void aMultipartBackupVerifiesAndDownloadsIntact() throws Exception {
    String key = backup("backups/ns/sales/b1/", 3);
    BackupVerifier.Verified verified = new BackupVerifier(transfer).verify("lake", key);
    assertThat(verified.manifest().snapshotId()).isEqualTo(7);
    assertThat(verified.totalBytes()).isEqualTo(12 * 1024 * 1024 + 17 + 1000 + 1001 + 1002 - 1000);
    Path copy = Files.createDirectory(dir.resolve("copy"));
    new BackupVerifier(transfer).fetch("lake", key, copy);
    assertThat(Files.readAllBytes(copy.resolve("file-0.parquet")))
        .isEqualTo(Files.readAllBytes(dir.resolve("file-0.parquet")));
    assertThat(transfer.deletePrefix("lake", "backups/ns/sales/b1/")).isEqualTo(4);
    assertThat(transfer.list("lake", "backups/ns/sales/b1/")).isEmpty();
  }

  @Test
  void aDamagedOrIncompleteBackupIsRefusedByName() throws Exception {
    String key = backup("backups/ns/sales/b2/", 2);
    transfer.put("lake", "backups/ns/sales/b2/file-1.parquet", "tampered".getBytes());
    assertThatThrownBy(() -> new BackupVerifier(transfer).verify("lake", key))
        .isInstanceOf(CorruptBackupException.class)
        .hasMessageContaining("backups/ns/sales/b2/file-1.parquet")
        .hasMessageContaining("does not match the manifest");

    assertThatThrownBy(
            () ->
                new BackupVerifier(transfer).verify("lake", "backups/ns/sales/none/manifest.json"))
        .isInstanceOf(CorruptBackupException.class)
        .hasMessageContaining("does not exist");

    transfer.put(
        "lake",
        "backups/ns/sales/b3/manifest.json",
        "{\"format\":9}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () -> new BackupVerifier(transfer).verify("lake", "backups/ns/sales/b3/manifest.json"))
        .isInstanceOf(CorruptBackupException.class)
        .hasMessageContaining("format 9");
  }

  @Test
  void anOutageDuringAMultipartUploadLeavesNoObject() throws Exception {
    Path big = dir.resolve("big.bin");
    Files.write(big, new byte[11 * 1024 * 1024]);
    server.failAfter("outage/", 1); // the initiate succeeds, the first part already fails
    try {
      assertThatThrownBy(() -> transfer.upload(big, "lake", "outage/big.bin"))
          .isInstanceOf(RuntimeException.class);
      assertThat(server.isDown()).isTrue();
    } finally {
      server.heal();
    }
    assertThat(transfer.list("lake", "outage/")).isEmpty();
    transfer.upload(big, "lake", "outage/big.bin");
    assertThat(transfer.list("lake", "outage/")).containsExactly("outage/big.bin");
  }

  @Test
  void deletingByAStemIsRefused() {
    assertThatThrownBy(() -> transfer.deletePrefix("lake", "backups/ns/sales/b"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
