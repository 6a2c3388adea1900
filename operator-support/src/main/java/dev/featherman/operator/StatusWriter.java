package dev.featherman.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Iterator;
import java.util.Set;

/**
 * Writes a reconciler's status to the status subresource as RFC 6902 JSON Patch operations over
 * whole top-level fields: each field it owns is {@code add}ed with its whole value (arrays and
 * nested objects replaced, never patched by index or merged), each field it dropped is set to null,
 * and the fields another service owns are left out. A field-by-field diff computed against a cached
 * copy (what the operator SDK sends without server-side apply) fails with "index out of bounds" as
 * soon as the cached copy of an array is behind the server's; whole-field operations cannot, and
 * unlike a merge patch they never keep a stale nested member.
 */
public class StatusWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KubernetesClient client;
  private final Set<String> foreignFields;

  /**
   * @param foreignFields top-level status fields another service writes (e.g. the backup-service's
   *     fields of a catalog's status): never sent
   */
  public StatusWriter(KubernetesClient client, Set<String> foreignFields) {
    this.client = client;
    this.foreignFields = foreignFields;
  }

  /**
   * The fields to send from {@code before} (JSON of the status read) to {@code after}: every owned
   * field of {@code after} whole, and the ones it dropped as null.
   */
  ObjectNode patch(String before, Object after) {
    JsonNode old = read(before);
    JsonNode now = read(Serialization.asJson(after));
    ObjectNode patch = JSON.createObjectNode();
    for (Iterator<String> names = now.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!foreignFields.contains(name)) {
        patch.set(name, now.get(name));
      }
    }
    for (Iterator<String> names = old.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!now.has(name) && !foreignFields.contains(name)) {
        patch.putNull(name);
      }
    }
    return patch;
  }

  /** Sends the status of {@code resource}, given the JSON of the status it was read with. */
  public void write(CustomResource<?, ?> resource, String before) {
    ObjectNode fields = patch(before, resource.getStatus());
    if (fields.isEmpty()) {
      return;
    }
    client
        .resources(resource.getClass())
        .inNamespace(resource.getMetadata().getNamespace())
        .withName(resource.getMetadata().getName())
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON), operations(read(before), fields).toString());
  }

  /**
   * RFC 6902 operations: {@code add} of each whole field (which replaces an existing member, and an
   * array or nested object as a whole), or of the whole status when there was none. Not a merge
   * patch, which would merge nested objects with whatever the server holds; whole values, because
   * an index computed from a cached copy may not exist on the server.
   */
  static ArrayNode operations(JsonNode before, ObjectNode fields) {
    ArrayNode ops = JSON.createArrayNode();
    if (before.isEmpty()) {
      ObjectNode status = fields.deepCopy();
      status.remove(nullFields(fields));
      ops.addObject().put("op", "add").put("path", "/status").set("value", status);
      return ops;
    }
    for (Iterator<String> names = fields.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      ops.addObject()
          .put("op", "add")
          .put("path", "/status/" + name.replace("~", "~0").replace("/", "~1"))
          .set("value", fields.get(name));
    }
    return ops;
  }

  private static java.util.List<String> nullFields(ObjectNode fields) {
    java.util.List<String> names = new java.util.ArrayList<>();
    fields
        .fields()
        .forEachRemaining(
            f -> {
              if (f.getValue().isNull()) {
                names.add(f.getKey());
              }
            });
    return names;
  }

  private static JsonNode read(String json) {
    try {
      JsonNode node = JSON.readTree(json == null ? "{}" : json);
      return node == null || !node.isObject() ? JSON.createObjectNode() : node;
    } catch (Exception e) {
      throw new IllegalStateException("status is not JSON: " + e.getMessage(), e);
    }
  }
}
