package dev.featherman.webhook;

import dev.featherman.api.validation.Validation;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.function.Consumer;

/**
 * What the webhook does for one kind: read the object, default its spec, validate it (against the
 * old spec on update, and with the namespace for cross-object checks).
 */
record KindRules<S, T extends CustomResource<S, ?>>(
    String kind, Class<T> type, Consumer<S> defaulter, Validator<S> validator) {

  /** Validates a spec. */
  @FunctionalInterface
  interface Validator<S> {
    Validation validate(S spec, S old, String namespace);
  }

  /** Validates a spec given as the untyped custom resource. */
  @SuppressWarnings("unchecked")
  Validation validateResource(
      CustomResource<?, ?> object, CustomResource<?, ?> old, String namespace) {
    return validator.validate(
        (S) object.getSpec(), old == null ? null : (S) old.getSpec(), namespace);
  }

  @SuppressWarnings("unchecked")
  void applyDefaults(CustomResource<?, ?> object) {
    if (object.getSpec() != null) {
      defaulter.accept((S) object.getSpec());
    }
  }
}
