package dev.featherman.objectstore;

import dev.featherman.api.v1alpha1.ObjectStoreSpec;
import dev.featherman.api.validation.Endpoint;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** S3 clients for a catalog's objectStore, with its own endpoint, URL style and credentials. */
public final class S3Clients {
  private S3Clients() {}

  /**
   * A client for {@code store}.
   *
   * @param timeout connect, socket and per-call timeout
   * @param attempts tries per call (1: fail fast, e.g. for a probe)
   */
  public static S3Client create(
      ObjectStoreSpec store, S3Keys keys, Duration timeout, int attempts) {
    Endpoint endpoint = endpoint(store);
    boolean pathStyle =
        store.getUrlStyle() == null
            ? endpoint != null && !endpoint.isAws()
            : store.getUrlStyle() == ObjectStoreSpec.UrlStyle.path;
    var builder =
        S3Client.builder()
            .region(Region.of(store.getRegion() == null ? "us-east-1" : store.getRegion()))
            .credentialsProvider(credentials(keys))
            .forcePathStyle(pathStyle)
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(timeout)
                    .socketTimeout(timeout)
                    .build())
            .overrideConfiguration(
                o -> o.apiCallTimeout(timeout).retryStrategy(r -> r.maxAttempts(attempts)));
    if (endpoint != null) {
      builder.endpointOverride(
          URI.create((endpoint.useSsl() ? "https://" : "http://") + endpoint.hostAndPort()));
    }
    return builder.build();
  }

  /** The endpoint as a person would name it in an error message. */
  public static String describe(ObjectStoreSpec store) {
    Endpoint endpoint = endpoint(store);
    return endpoint == null ? "AWS S3" : endpoint.hostAndPort();
  }

  private static Endpoint endpoint(ObjectStoreSpec store) {
    return store.getEndpoint() == null || store.getEndpoint().isBlank()
        ? null
        : Endpoint.parse(store.getEndpoint());
  }

  private static AwsCredentialsProvider credentials(S3Keys keys) {
    if (keys == null || keys.accessKeyId() == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    if (keys.sessionToken() != null) {
      return StaticCredentialsProvider.create(
          AwsSessionCredentials.create(
              keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken()));
    }
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()));
  }
}
