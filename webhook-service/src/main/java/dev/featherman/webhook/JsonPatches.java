package dev.featherman.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * RFC 6902 patches that turn an object into its defaulted form. Only {@code add} and {@code
 * replace}: defaulting never removes what a user wrote, and empty arrays or objects are not added
 * (they would only be noise). An already defaulted object yields an empty patch.
 */
final class JsonPatches {
  private JsonPatches() {}

  static ArrayNode diff(JsonNode before, JsonNode after, String path) {
    ArrayNode ops = JsonNodeFactory.instance.arrayNode();
    diff(before, after, path, ops);
    return ops;
  }

  private static void diff(JsonNode before, JsonNode after, String path, ArrayNode ops) {
    if (after == null || after.isNull() || isEmptyContainer(after)) {
      return;
    }
    if (before == null || before.isMissingNode() || before.isNull()) {
      op(ops, "add", path, after);
    } else if (before.isObject() && after.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = after.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        diff(before.get(f.getKey()), f.getValue(), path + "/" + escape(f.getKey()), ops);
      }
    } else if (before.isArray() && after.isArray() && before.size() == after.size()) {
      for (int i = 0; i < after.size(); i++) {
        diff(before.get(i), after.get(i), path + "/" + i, ops);
      }
    } else if (!sameValue(before, after)) {
      op(ops, "replace", path, after);
    }
  }

  /** Numbers compare by value: 1 and 1.0 are the same setting. */
  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  private static boolean isEmptyContainer(JsonNode n) {
    return (n.isArray() || n.isObject()) && n.isEmpty();
  }

  private static void op(ArrayNode ops, String op, String path, JsonNode value) {
    ObjectNode o = ops.addObject();
    o.put("op", op);
    o.put("path", path);
    o.set("value", value);
  }

  /** JSON Pointer escaping (RFC 6901). */
  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
