package dev.featherman.api.validation;

import java.util.List;

/**
 * Which images a pool may run: a worker pod receives the worker token and the catalog's
 * credentials, so only images under the configured prefixes (a registry, or a registry and path)
 * are admitted. An empty list admits any image.
 *
 * @param allowedPrefixes e.g. {@code ["registry.example.com/featherman/"]}
 */
public record ImagePolicy(List<String> allowedPrefixes) {
  public ImagePolicy {
    allowedPrefixes =
        allowedPrefixes == null
            ? List.of()
            : allowedPrefixes.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
  }

  /** Admits every image. */
  public static ImagePolicy any() {
    return new ImagePolicy(List.of());
  }

  /** Adds an error when {@code image} (may be null: the default image) is not allowed. */
  public void check(String image, String field, Validation v) {
    if (image == null || allowedPrefixes.isEmpty()) {
      return;
    }
    for (String prefix : allowedPrefixes) {
      if (image.startsWith(prefix)) {
        return;
      }
    }
    v.error(
        field,
        "'"
            + Texts.shortened(image)
            + "' is not an allowed worker image: it would receive the worker token and the"
            + " catalog's credentials; use an image under "
            + String.join(" or ", allowedPrefixes)
            + " (the chart's global.allowedWorkerImages)");
  }
}
