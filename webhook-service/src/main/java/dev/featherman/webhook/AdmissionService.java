package dev.featherman.webhook;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featherman.api.ApiGroup;
import dev.featherman.api.defaults.Defaults;
import dev.featherman.api.v1alpha1.DuckLakeBackup;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.v1alpha1.DuckLakeTable;
import dev.featherman.api.validation.BackupValidator;
import dev.featherman.api.validation.CatalogValidator;
import dev.featherman.api.validation.ImagePolicy;
import dev.featherman.api.validation.PoolValidator;
import dev.featherman.api.validation.TableValidator;
import dev.featherman.api.validation.Validation;
import io.fabric8.kubernetes.client.CustomResource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers AdmissionReview v1 requests: defaulting (JSONPatch) and validation for every Featherman
 * kind, with the same rules the reconcilers apply. A request it cannot read is a client error; an
 * object it cannot read is denied with the reason, never a server error.
 */
public class AdmissionService {
  /** A body that is not an AdmissionReview at all. */
  public static class BadReviewException extends RuntimeException {
    BadReviewException(String message) {
      super(message);
    }
  }

  /** What one review decided, for metrics. */
  public record Outcome(String json, String kind, String operation, String result) {}

  private final ObjectMapper mapper =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private final Map<String, KindRules<?, ?>> rules;

  public AdmissionService(CatalogLookup catalogs) {
    this(catalogs, new MaterializationSql(), ImagePolicy.any());
  }

  /**
   * @param materializationSql the checker of materialization SQL (one DuckDB per service)
   * @param images the worker images pools may run
   */
  public AdmissionService(
      CatalogLookup catalogs, MaterializationSql materializationSql, ImagePolicy images) {
    this.rules =
        Map.of(
            "DuckLakeCatalog",
            new KindRules<>(
                "DuckLakeCatalog",
                DuckLakeCatalog.class,
                Defaults::catalog,
                (spec, old, ns) -> CatalogValidator.validate(spec, old)),
            "DuckLakeTable",
            new KindRules<>(
                "DuckLakeTable",
                DuckLakeTable.class,
                Defaults::table,
                (spec, old, ns) -> {
                  Validation v = TableValidator.validate(spec, old);
                  materializationSql.check(spec, v);
                  return v;
                }),
            "DuckLakeBackup",
            new KindRules<>(
                "DuckLakeBackup",
                DuckLakeBackup.class,
                Defaults::backup,
                (spec, old, ns) -> BackupValidator.validate(spec, old)),
            "DuckLakePool",
            new KindRules<>(
                "DuckLakePool",
                DuckLakePool.class,
                Defaults::pool,
                (spec, old, ns) ->
                    PoolValidator.validate(
                        spec,
                        old,
                        spec == null
                                || spec.getCatalogRef() == null
                                || spec.getCatalogRef().getName() == null
                            ? Optional.empty()
                            : catalogs.find(ns, spec.getCatalogRef().getName()),
                        images)));
  }

  /** The kinds this webhook handles (the chart's webhook rules list the same). */
  public List<String> kinds() {
    return rules.keySet().stream().sorted().toList();
  }

  /**
   * @param mutate true for the mutating (defaulting) webhook, false for the validating one
   * @throws BadReviewException when the body is not an AdmissionReview with a request
   */
  public Outcome review(String body, boolean mutate) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (Exception e) {
      throw new BadReviewException(
          "the body is not JSON: send an AdmissionReview (admission.k8s.io/v1)");
    }
    JsonNode request = root == null ? null : root.get("request");
    if (request == null || !request.isObject() || !request.hasNonNull("uid")) {
      throw new BadReviewException(
          "the body has no request with a uid: send an AdmissionReview (admission.k8s.io/v1)");
    }
    String uid = request.get("uid").asText();
    String kind = request.at("/kind/kind").asText("");
    String group = request.at("/kind/group").asText("");
    String operation = request.path("operation").asText("");
    String namespace = request.path("namespace").asText(null);
    KindRules<?, ?> kindRules = ApiGroup.GROUP.equals(group) ? rules.get(kind) : null;
    if (kindRules == null) {
      return deny(
          uid,
          kind,
          operation,
          400,
          "kind '"
              + (group.isEmpty() ? "" : group + "/")
              + kind
              + "' is not handled by the Featherman webhook (it handles "
              + kinds()
              + "); check the webhook rules");
    }
    if (!operation.equals("CREATE") && !operation.equals("UPDATE")) {
      return allow(uid, kind, operation, List.of(), null);
    }
    CustomResource<?, ?> object;
    CustomResource<?, ?> old = null;
    try {
      object = mapper.treeToValue(request.get("object"), kindRules.type());
      if (operation.equals("UPDATE") && request.hasNonNull("oldObject")) {
        old = mapper.treeToValue(request.get("oldObject"), kindRules.type());
      }
    } catch (Exception e) {
      if (mutate) {
        // Mutating webhooks run before the API server checks the CRD schema: leave a malformed
        // object to that check, whose answer names the field and the values it accepts.
        return allow(uid, kind, operation, List.of(), null);
      }
      return deny(uid, kind, operation, 400, "the " + kind + " cannot be read: " + readProblem(e));
    }
    if (object == null) {
      return deny(uid, kind, operation, 400, "the request has no object");
    }
    if (mutate) {
      JsonNode before = request.get("object").path("spec");
      kindRules.applyDefaults(object);
      ArrayNode patch = JsonPatches.diff(before, mapper.valueToTree(object.getSpec()), "/spec");
      return allow(uid, kind, operation, List.of(), patch.isEmpty() ? null : patch);
    }
    Validation v = kindRules.validateResource(object, old, namespace);
    List<String> warnings = v.warnings().stream().map(Validation.Finding::toString).toList();
    if (!v.isValid()) {
      return deny(
          uid,
          kind,
          operation,
          422,
          kind + " " + name(object) + " is invalid: " + v.errorMessage(),
          warnings);
    }
    return allow(uid, kind, operation, warnings, null);
  }

  private static String name(CustomResource<?, ?> object) {
    return object.getMetadata() == null || object.getMetadata().getName() == null
        ? ""
        : "'" + object.getMetadata().getName() + "'";
  }

  private Outcome allow(
      String uid, String kind, String operation, List<String> warnings, ArrayNode patch) {
    ObjectNode response = response(uid, true, warnings);
    if (patch != null) {
      response.put("patchType", "JSONPatch");
      response.put(
          "patch",
          Base64.getEncoder().encodeToString(patch.toString().getBytes(StandardCharsets.UTF_8)));
    }
    return new Outcome(wrap(response), kind, operation, patch == null ? "allowed" : "patched");
  }

  private Outcome deny(String uid, String kind, String operation, int code, String message) {
    return deny(uid, kind, operation, code, message, List.of());
  }

  private Outcome deny(
      String uid, String kind, String operation, int code, String message, List<String> warnings) {
    ObjectNode response = response(uid, false, warnings);
    ObjectNode status = response.putObject("status");
    status.put("code", code);
    status.put("reason", code == 422 ? "Invalid" : "BadRequest");
    status.put("message", message);
    return new Outcome(wrap(response), kind.isEmpty() ? "unknown" : kind, operation, "denied");
  }

  private ObjectNode response(String uid, boolean allowed, List<String> warnings) {
    ObjectNode response = mapper.createObjectNode();
    response.put("uid", uid);
    response.put("allowed", allowed);
    if (!warnings.isEmpty()) {
      ArrayNode w = response.putArray("warnings");
      warnings.forEach(w::add);
    }
    return response;
  }

  private String wrap(ObjectNode response) {
    ObjectNode review = mapper.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    review.set("response", response);
    return review.toString();
  }

  /**
   * What could not be read, starting with the field's path as the validators write it ({@code
   * spec.columns[0].type: ...}) when Jackson knows it.
   */
  private static String readProblem(Exception e) {
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m
        && !m.getPath().isEmpty()) {
      StringBuilder field = new StringBuilder();
      for (com.fasterxml.jackson.databind.JsonMappingException.Reference ref : m.getPath()) {
        if (ref.getFieldName() != null) {
          field.append(field.length() == 0 ? "" : ".").append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          field.append('[').append(ref.getIndex()).append(']');
        }
      }
      return field + ": " + firstLine(m.getOriginalMessage());
    }
    return firstLine(e.getMessage());
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
