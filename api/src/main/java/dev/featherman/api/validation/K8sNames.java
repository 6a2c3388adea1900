package dev.featherman.api.validation;

import dev.featherman.api.v1alpha1.Patterns;
import java.util.regex.Pattern;

/** Names of Kubernetes objects and images, checked as the API server and kubelet would. */
public final class K8sNames {
  /** The longest object name (RFC 1123 subdomain). */
  public static final int MAX_NAME = 253;

  /** The longest image reference accepted. */
  public static final int MAX_IMAGE = 512;

  private static final Pattern SUBDOMAIN = Pattern.compile(Patterns.DNS_SUBDOMAIN);

  /** registry[:port]/path[:tag][@sha256:digest], without spaces or control characters. */
  private static final Pattern IMAGE =
      Pattern.compile(
          "^[a-z0-9]([a-z0-9._-]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9._-]+)*"
              + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$");

  private K8sNames() {}

  /** Adds an error when {@code name} (may be null) is not a valid object name. */
  public static void checkObjectName(String name, String field, Validation v) {
    if (name == null) {
      return;
    }
    if (name.length() > MAX_NAME || !SUBDOMAIN.matcher(name).matches()) {
      v.error(
          field,
          "'"
              + Texts.shortened(name)
              + "' is not a Kubernetes object name (lower-case letters, digits, '-' and '.', at"
              + " most 253 characters)");
    }
  }

  /** Adds an error when {@code image} (may be null) is not an image reference. */
  public static void checkImage(String image, String field, Validation v) {
    if (image == null) {
      return;
    }
    if (image.length() > MAX_IMAGE || !IMAGE.matcher(image).matches()) {
      v.error(
          field,
          "'"
              + Texts.shortened(image)
              + "' is not an image reference such as registry.example.com/featherman/worker:0.1.0");
    }
  }

  /** Adds an error when {@code policy} (may be null) is not an image pull policy. */
  public static void checkPullPolicy(String policy, String field, Validation v) {
    if (policy != null
        && !policy.equals("Always")
        && !policy.equals("IfNotPresent")
        && !policy.equals("Never")) {
      v.error(field, "'" + Texts.shortened(policy) + "' must be Always, IfNotPresent or Never");
    }
  }
}
