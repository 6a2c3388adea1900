package dev.featherman.testkit;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.io.Payload;

/**
 * A blob store that goes down on cue: after a given number of writes of keys containing a marker
 * succeeded, every request fails (S3 answers 500) until {@link #heal()}. Deterministic "outage in
 * the middle of an upload" for tests. A write is an object, a multipart initiation or one part; a
 * client retrying the same write (the SDK does after a lost response) is not counted again, so the
 * outage begins at the same object however slow the machine is.
 */
final class OutageBlobStore extends ForwardingBlobStore {
  private volatile String marker;
  private final AtomicInteger writesLeft = new AtomicInteger();
  private final Set<String> allowed = ConcurrentHashMap.newKeySet();
  private volatile boolean down;

  OutageBlobStore(BlobStore delegate) {
    super(delegate);
  }

  void failAfter(String keyMarker, int successfulWrites) {
    writesLeft.set(successfulWrites);
    allowed.clear();
    marker = keyMarker;
    down = false;
  }

  void heal() {
    marker = null;
    down = false;
  }

  boolean isDown() {
    return down;
  }

  private void write(String name) {
    check();
    String m = marker;
    if (m != null && name.contains(m) && !allowed.contains(name)) {
      int left = writesLeft.getAndDecrement();
      if (left <= 0) {
        down = true;
        System.err.println("TestingS3Server: simulated outage begins at a write of " + name);
        check();
      }
      allowed.add(name);
      System.err.println("TestingS3Server: write of " + name + " allowed (" + left + " left)");
    }
  }

  private void check() {
    if (down) {
      throw new IllegalStateException("simulated object store outage");
    }
  }

  @Override
  public String putBlob(String container, Blob blob) {
    write(blob.getMetadata().getName());
    return super.putBlob(container, blob);
  }

  @Override
  public String putBlob(String container, Blob blob, PutOptions options) {
    write(blob.getMetadata().getName());
    return super.putBlob(container, blob, options);
  }

  @Override
  public MultipartUpload initiateMultipartUpload(
      String container, BlobMetadata metadata, PutOptions options) {
    write(metadata.getName());
    return super.initiateMultipartUpload(container, metadata, options);
  }

  @Override
  public MultipartPart uploadMultipartPart(MultipartUpload upload, int part, Payload payload) {
    write(upload.blobName() + "#part" + part);
    return super.uploadMultipartPart(upload, part, payload);
  }

  @Override
  public String completeMultipartUpload(MultipartUpload upload, List<MultipartPart> parts) {
    check();
    return super.completeMultipartUpload(upload, parts);
  }

  @Override
  public Blob getBlob(String container, String name) {
    check();
    return super.getBlob(container, name);
  }

  @Override
  public Blob getBlob(String container, String name, GetOptions options) {
    check();
    return super.getBlob(container, name, options);
  }

  @Override
  public BlobMetadata blobMetadata(String container, String name) {
    check();
    return super.blobMetadata(container, name);
  }

  @Override
  public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
    check();
    return super.list(container, options);
  }

  @Override
  public void removeBlob(String container, String name) {
    check();
    super.removeBlob(container, name);
  }
}
