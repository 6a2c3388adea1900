package dev.featherman.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Uploads and downloads whole files with their SHA-256, multipart above a threshold (a failed
 * multipart upload is aborted, never left half-visible), and deletes everything under a prefix.
 */
public final class ObjectTransfer {
  /** S3's smallest part (except the last). */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  private final S3Client s3;
  private final long partSize;

  /**
   * @param partSize files larger than this go up in parts of this size (at least 5 MiB)
   */
  public ObjectTransfer(S3Client s3, long partSize) {
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException(
          "part size " + partSize + " is below S3's minimum of " + MIN_PART_SIZE + " bytes");
    }
    this.s3 = s3;
    this.partSize = partSize;
  }

  /** Uploads {@code file} to {@code key}; returns its size and SHA-256 as read while sending. */
  public BackupManifest.FileEntry upload(Path file, String bucket, String key) {
    try {
      long size = Files.size(file);
      String name = file.getFileName().toString();
      if (size <= partSize) {
        byte[] bytes = Files.readAllBytes(file);
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        return new BackupManifest.FileEntry(name, size, sha256(bytes));
      }
      return new BackupManifest.FileEntry(name, size, multipart(file, bucket, key));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + " for upload failed", e);
    }
  }

  /** Uploads bytes in one request. */
  public void put(String bucket, String key, byte[] bytes) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  /** Reads a whole (small) object. */
  public byte[] get(String bucket, String key) {
    return s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes())
        .asByteArray();
  }

  /** Streams {@code key} into {@code out} (null: discard); returns its size and SHA-256. */
  public BackupManifest.FileEntry read(String bucket, String key, OutputStream out) {
    MessageDigest digest = digest();
    long size = 0;
    try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key))) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
        if (out != null) {
          out.write(buffer, 0, n);
        }
        size += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading s3://" + bucket + "/" + key + " failed", e);
    }
    String name = key.substring(key.lastIndexOf('/') + 1);
    return new BackupManifest.FileEntry(name, size, HexFormat.of().formatHex(digest.digest()));
  }

  /** Keys under {@code prefix}. */
  public List<String> list(String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
        .contents()
        .forEach((S3Object o) -> keys.add(o.key()));
    return keys;
  }

  /** Deletes every object under {@code prefix}; returns how many there were. */
  public int deletePrefix(String bucket, String prefix) {
    if (prefix == null || prefix.isEmpty() || !prefix.endsWith("/")) {
      // A guard against deleting a whole bucket or a sibling's objects by a shared stem.
      throw new IllegalArgumentException("refusing to delete by prefix '" + prefix + "'");
    }
    List<String> keys = list(bucket, prefix);
    for (int i = 0; i < keys.size(); i += 1000) {
      List<ObjectIdentifier> batch =
          keys.subList(i, Math.min(keys.size(), i + 1000)).stream()
              .map(k -> ObjectIdentifier.builder().key(k).build())
              .toList();
      s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
    }
    return keys.size();
  }

  private String multipart(Path file, String bucket, String key) throws IOException {
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    MessageDigest whole = digest();
    List<CompletedPart> parts = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[(int) partSize];
      for (int number = 1; ; number++) {
        int n = in.readNBytes(buffer, 0, buffer.length);
        if (n == 0) {
          break;
        }
        whole.update(buffer, 0, n);
        byte[] part = n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n);
        int partNumber = number;
        String etag =
            s3.uploadPart(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromBytes(part))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
      }
      s3.completeMultipartUpload(
          b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
      return HexFormat.of().formatHex(whole.digest());
    } catch (RuntimeException | IOException e) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (RuntimeException abort) {
        e.addSuppressed(abort);
      }
      throw e;
    }
  }

  /** SHA-256 of bytes, hex. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
