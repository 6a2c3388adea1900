package dev.featherman.controller.catalog;

import dev.featherman.api.ConditionReasons;
import dev.featherman.api.v1alpha1.ObjectStoreSpec;
import dev.featherman.api.validation.Endpoint;
import dev.featherman.objectstore.S3Clients;
import dev.featherman.objectstore.S3Keys;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Checks a catalog's bucket with the catalog's own endpoint and credentials (never a fixed one, as
 * the Go operator did): put a small probe object under the catalog's prefix, then delete it.
 */
public class ObjectStoreProbe {
  private final Duration timeout;

  public ObjectStoreProbe(Duration timeout) {
    this.timeout = timeout;
  }

  /** Empty when the bucket accepts writes; otherwise what is wrong and what to fix. */
  public Optional<CatalogReferences.Problem> check(
      ObjectStoreSpec store, S3Keys keys, String probeName) {
    Endpoint endpoint =
        store.getEndpoint() == null || store.getEndpoint().isBlank()
            ? null
            : Endpoint.parse(store.getEndpoint());
    String where = endpoint == null ? "AWS S3" : endpoint.hostAndPort();
    String key =
        (store.getPrefix() == null || store.getPrefix().isEmpty()
                ? ""
                : store.getPrefix().replaceAll("/+$", "") + "/")
            + ".featherman-probe/"
            + probeName;
    try (S3Client s3 = S3Clients.create(store, keys, timeout, 1)) {
      s3.putObject(b -> b.bucket(store.getBucket()).key(key), RequestBody.fromString("featherman"));
      s3.deleteObject(b -> b.bucket(store.getBucket()).key(key));
      return Optional.empty();
    } catch (S3Exception e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      if ("NoSuchBucket".equals(code) || e.statusCode() == 404) {
        return Optional.of(
            new CatalogReferences.Problem(
                ConditionReasons.BUCKET_NOT_FOUND,
                "bucket '"
                    + store.getBucket()
                    + "' (spec.objectStore.bucket) does not exist at "
                    + where));
      }
      if (e.statusCode() == 403 || e.statusCode() == 401) {
        return Optional.of(
            new CatalogReferences.Problem(
                ConditionReasons.ACCESS_DENIED,
                "the credentials in spec.objectStore.credentialsSecret may not write to bucket '"
                    + store.getBucket()
                    + "' at "
                    + where
                    + " ("
                    + code
                    + "); grant s3:PutObject and s3:DeleteObject or fix the keys"));
      }
      return Optional.of(
          new CatalogReferences.Problem(
              ConditionReasons.ENDPOINT_UNREACHABLE,
              "writing to bucket '"
                  + store.getBucket()
                  + "' at "
                  + where
                  + " failed: HTTP "
                  + e.statusCode()
                  + " "
                  + code));
    } catch (SdkClientException e) {
      return Optional.of(
          new CatalogReferences.Problem(
              ConditionReasons.ENDPOINT_UNREACHABLE,
              "cannot reach " + where + " (spec.objectStore.endpoint): " + e.getMessage()));
    }
  }
}
