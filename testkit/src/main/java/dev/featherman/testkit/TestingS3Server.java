package dev.featherman.testkit;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3-compatible HTTP server inside the test JVM, on loopback, backed by a temporary directory
 * (S3Proxy over the jclouds filesystem store). Clients use real S3 signatures with {@link
 * #accessKey()} / {@link #secretKey()}; {@link #stop()} simulates an outage and {@link #start()}
 * brings it back on the same port.
 */
public final class TestingS3Server implements AutoCloseable {
  private final String accessKey = "featherman-test";
  private final String secretKey = "featherman-test-secret";
  private final Path directory;
  private final BlobStoreContext context;
  private final OutageBlobStore store;
  private S3Proxy proxy;
  private int port;

  private TestingS3Server(Path directory) {
    this.directory = directory;
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", directory.toString());
    this.context =
        ContextBuilder.newBuilder("filesystem")
            .credentials("identity", "credential")
            .overrides(properties)
            .build(BlobStoreContext.class);
    this.store = new OutageBlobStore(context.getBlobStore());
  }

  /** Starts a server on a free loopback port with an empty store. */
  public static TestingS3Server start(Path directory) throws Exception {
    Files.createDirectories(directory);
    TestingS3Server server = new TestingS3Server(directory);
    server.port = 0;
    server.start();
    return server;
  }

  /** Starts (or restarts) listening; the port is kept across restarts. */
  public synchronized void start() throws Exception {
    if (proxy != null && proxy.getState().equals("STARTED")) {
      return;
    }
    proxy =
        S3Proxy.builder()
            .blobStore(store)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .ignoreUnknownHeaders(true)
            .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(10);
    }
    port = proxy.getPort();
  }

  /**
   * Simulates an outage that starts mid-upload: once {@code successfulWrites} more writes of keys
   * containing {@code keyMarker} succeeded, every request fails with HTTP 500 until {@link
   * #heal()}.
   */
  public void failAfter(String keyMarker, int successfulWrites) {
    store.failAfter(keyMarker, successfulWrites);
  }

  /** Ends a {@link #failAfter} outage. */
  public void heal() {
    store.heal();
  }

  /** Whether a {@link #failAfter} outage has begun. */
  public boolean isDown() {
    return store.isDown();
  }

  /** Stops listening, keeping the stored objects, to simulate an outage. */
  public synchronized void stop() throws Exception {
    if (proxy != null) {
      proxy.stop();
      proxy = null;
    }
  }

  /** Creates a bucket (idempotent). */
  public void createBucket(String bucket) {
    context.getBlobStore().createContainerInLocation(null, bucket);
  }

  /** Direct access to the stored objects, bypassing HTTP (to corrupt or inspect them). */
  public BlobStore blobStore() {
    return context.getBlobStore();
  }

  /** {@code 127.0.0.1:port}: the endpoint without a scheme, as catalogs may write it. */
  public String hostAndPort() {
    return "127.0.0.1:" + port;
  }

  /** {@code http://127.0.0.1:port}. */
  public String endpointUrl() {
    return "http://" + hostAndPort();
  }

  public int port() {
    return port;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  public Path directory() {
    return directory;
  }

  @Override
  public void close() throws Exception {
    stop();
    context.close();
  }
}
