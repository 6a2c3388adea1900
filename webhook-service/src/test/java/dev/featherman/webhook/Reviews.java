package dev.featherman.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Builds AdmissionReview requests around objects and reads responses, for tests. */
final class Reviews {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Reviews() {}

  static ObjectNode yaml(String text) {
    try {
      return (ObjectNode) YAML.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ObjectNode fixture(String name) {
    String resource = "AdmissionServiceTest." + name + ".yaml";
    try (InputStream in = Reviews.class.getResourceAsStream(resource)) {
      return (ObjectNode) YAML.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalArgumentException(resource, e);
    }
  }

  /** An AdmissionReview for {@code object} (and {@code old} on UPDATE) in namespace "lakes". */
  static String review(String operation, JsonNode object, JsonNode old) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", UUID.randomUUID().toString());
    JsonNode subject = object != null ? object : old;
    String apiVersion = subject.path("apiVersion").asText("ducklake.featherman.dev/v1alpha1");
    ObjectNode kind = request.putObject("kind");
    kind.put(
        "group", apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "");
    kind.put("version", apiVersion.substring(apiVersion.indexOf('/') + 1));
    kind.put("kind", subject.path("kind").asText());
    request.put("namespace", "lakes");
    request.put("operation", operation);
    request.put("name", subject.at("/metadata/name").asText());
    if (object != null) {
      request.set("object", object);
    }
    if (old != null) {
      request.set("oldObject", old);
    }
    return review.toString();
  }

  static JsonNode response(String json) {
    try {
      return JSON.readTree(json).get("response");
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  /** The decoded JSONPatch of a response, or an empty array. */
  static ArrayNode patch(JsonNode response) {
    if (!response.has("patch")) {
      return JSON.createArrayNode();
    }
    try {
      return (ArrayNode) JSON.readTree(Base64.getDecoder().decode(response.get("patch").asText()));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Applies add/replace operations (all the webhook emits) to a copy of {@code object}. */
  static ObjectNode apply(ObjectNode object, ArrayNode patch) {
    ObjectNode copy = object.deepCopy();
    for (JsonNode op : patch) {
      String path = op.get("path").asText();
      String[] parts = path.substring(1).split("/");
      JsonNode parent = copy;
      for (int i = 0; i < parts.length - 1; i++) {
        String key = unescape(parts[i]);
        parent = parent.isArray() ? parent.get(Integer.parseInt(key)) : parent.get(key);
        if (parent == null) {
          throw new IllegalStateException("patch path " + path + " has no parent in the object");
        }
      }
      String last = unescape(parts[parts.length - 1]);
      String operation = op.get("op").asText();
      if (!operation.equals("add") && !operation.equals("replace")) {
        throw new IllegalStateException("unexpected op " + operation);
      }
      if (parent.isArray()) {
        ((ArrayNode) parent).set(Integer.parseInt(last), op.get("value"));
      } else {
        if (operation.equals("replace") && !parent.has(last)) {
          throw new IllegalStateException("replace of a missing member " + path);
        }
        ((ObjectNode) parent).set(last, op.get("value"));
      }
    }
    return copy;
  }

  private static String unescape(String s) {
    return s.replace("~1", "/").replace("~0", "~");
  }
}
