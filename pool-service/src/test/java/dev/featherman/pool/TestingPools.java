package dev.featherman.pool;

import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.v1alpha1.DuckLakePoolSpec;
import dev.featherman.api.v1alpha1.PoolCatalogRef;
import dev.featherman.api.worker.WorkerToken;
import dev.featherman.workloads.WorkerPod;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Pools with test-speed timings, and direct calls to their workers, for the pool-service ITs. */
final class TestingPools {
  /** The root worker token the ITs give the pool-service (each pool's token derives from it). */
  static final String TOKEN = "pool-it-worker-token-0123456789";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestingPools() {}

  /** A pool scaling every second, +2/-1 per step, with a 3 s stabilization window. */
  static DuckLakePool pool(String namespace, String name, String catalog, int min, int max) {
    DuckLakePool pool = new DuckLakePool();
    pool.getMetadata().setName(name);
    pool.getMetadata().setNamespace(namespace);
    DuckLakePoolSpec spec = new DuckLakePoolSpec();
    spec.setMinSize(min);
    spec.setMaxSize(max);
    spec.setScaleInterval("1s");
    spec.setStabilizationWindow("3s");
    spec.setScaleUpRate(2);
    spec.setScaleDownRate(1);
    PoolCatalogRef ref = new PoolCatalogRef();
    ref.setName(catalog);
    spec.setCatalogRef(ref);
    pool.setSpec(spec);
    return pool;
  }

  /** The token the pool-service gives the workers of {@code pod}'s pool under {@code root}. */
  static String poolToken(String root, Pod pod) {
    return WorkerToken.resolve(root, null, "test").forPool(WorkerPod.controllerUid(pod));
  }

  /** Runs one query on a worker pod; returns the HTTP status, -1 when it could not be reached. */
  static int execute(Pod pod, String sql, long timeoutMillis) {
    return execute(pod, sql, timeoutMillis, poolToken(TOKEN, pod));
  }

  /** Like {@link #execute(Pod, String, long)}, presenting {@code token}. */
  static int execute(Pod pod, String sql, long timeoutMillis, String token) {
    String body =
        "{\"sql\":\"" + sql + "\",\"format\":\"csv\",\"timeoutMillis\":" + timeoutMillis + "}";
    String address = pod.getStatus().getPodIP() + ":" + WorkerPod.port(pod, 0);
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://" + address + "/v1/execute"))
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
