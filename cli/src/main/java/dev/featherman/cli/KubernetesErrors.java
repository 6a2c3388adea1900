package dev.featherman.cli;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns a Kubernetes client failure into one readable line and an exit code. */
final class KubernetesErrors {
  private KubernetesErrors() {}

  static String describe(KubernetesClientException e) {
    Status status = e.getStatus();
    if (status != null && status.getMessage() != null) {
      return status.getMessage();
    }
    if (unreachable(e)) {
      return "cannot reach the Kubernetes API server: " + rootCause(e);
    }
    return e.getMessage();
  }

  static int exitCode(KubernetesClientException e) {
    return unreachable(e) ? ExitCodes.UNREACHABLE : ExitCodes.FAILED;
  }

  /** No HTTP status: the request never got an answer. */
  private static boolean unreachable(KubernetesClientException e) {
    return e.getCode() <= 0 && e.getStatus() == null;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
