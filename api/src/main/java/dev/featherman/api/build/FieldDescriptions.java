package dev.featherman.api.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives the generated CRDs' fields of Kubernetes types (a pool template's resources, security
 * context, tolerations and affinity; every status's conditions) the descriptions Kubernetes itself
 * gives them, so {@code kubectl explain} describes every field. The descriptions come from
 * Kubernetes' OpenAPI documents, extracted by {@code scripts/kubernetes-descriptions.py}; our own
 * fields are described in the model. Runs at build time after {@link PrinterColumnOrder}.
 */
public final class FieldDescriptions {
  static final String RESOURCE = "kubernetes-descriptions.json";
  private static final String CONDITION = "io.k8s.apimachinery.pkg.apis.meta.v1.Condition";

  /** Where in our kinds a Kubernetes type is embedded: a path under the root, "[]" for items. */
  static final Map<String, String> EMBEDDED =
      Map.of(
          "spec.template.resources", "io.k8s.api.core.v1.ResourceRequirements",
          "spec.template.securityContext", "io.k8s.api.core.v1.PodSecurityContext",
          "spec.template.tolerations.[]", "io.k8s.api.core.v1.Toleration",
          "spec.template.affinity", "io.k8s.api.core.v1.Affinity",
          "status.conditions.[]", CONDITION);

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());

  private final JsonNode types;

  FieldDescriptions(JsonNode types) {
    this.types = types;
  }

  /** Arguments: the generator's output directory. */
  public static void main(String[] args) throws Exception {
    FieldDescriptions descriptions = load();
    try (var files = Files.list(Path.of(args[0]))) {
      for (Path file : files.filter(f -> f.toString().endsWith("-v1.yml")).toList()) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        ObjectNode crd = (ObjectNode) YAML.readTree(text);
        descriptions.fill(crd);
        String header = text.startsWith("#") ? text.substring(0, text.indexOf('\n') + 1) : "";
        Files.writeString(file, header + YAML.writeValueAsString(crd), StandardCharsets.UTF_8);
      }
    }
  }

  static FieldDescriptions load() throws IOException {
    try (InputStream in = FieldDescriptions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is missing: run scripts/kubernetes-descriptions.py");
      }
      return new FieldDescriptions(new ObjectMapper().readTree(in).path("types"));
    }
  }

  /** Fills every version's missing descriptions of spec, status and the embedded types. */
  void fill(ObjectNode crd) {
    String kind = crd.path("spec").path("names").path("kind").asText();
    for (JsonNode version : crd.path("spec").path("versions")) {
      JsonNode root = version.path("schema").path("openAPIV3Schema");
      describe(root.path("properties").path("spec"), "Desired state of the " + kind + ".");
      describe(
          root.path("properties").path("status"),
          "Observed state of the " + kind + ", written by Featherman (read-only).");
      EMBEDDED.forEach((path, type) -> fillType(at(root, path), type));
    }
  }

  private void fillType(JsonNode schema, String type) {
    JsonNode definition = types.path(type);
    if (!schema.isObject() || definition.isMissingNode()) {
      return;
    }
    describe(schema, definition.path("description").asText(""));
    schema
        .path("properties")
        .properties()
        .forEach(
            entry -> {
              JsonNode child = entry.getValue();
              JsonNode known = definition.path("fields").path(entry.getKey());
              describe(child, known.path("description").asText(""));
              if (known.has("type")) {
                JsonNode inner = child.has("items") ? child.path("items") : child;
                fillType(inner, known.path("type").asText());
              }
            });
  }

  private static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    for (String part : path.split("\\.")) {
      node = part.equals("[]") ? node.path("items") : node.path("properties").path(part);
    }
    return node;
  }

  private static void describe(JsonNode schema, String description) {
    if (schema instanceof ObjectNode object
        && object.path("description").asText("").isBlank()
        && !description.isBlank()) {
      object.put("description", description);
    }
  }
}
