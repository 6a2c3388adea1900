package dev.featherman.gateway.executor;

/**
 * Where one query ran, filled in by the executor before the first result byte: the pod (or
 * "embedded") for X-Featherman-Pod and how it got there (embedded, pool, job) for
 * X-Featherman-Route.
 */
public final class Route {
  private volatile String pod = "unknown";
  private volatile String via = "unknown";

  public void set(String pod, String via) {
    this.pod = pod;
    this.via = via;
  }

  public String pod() {
    return pod;
  }

  public String via() {
    return via;
  }
}
