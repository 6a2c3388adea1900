package dev.featherman.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featherman.testkit.TestingKubernetes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The CRD schema (judged by a real API server, no webhook registered) against the Java validators
 * (the webhook's and the reconcilers' judge) on the same hostile objects: whatever the schema
 * refuses, the validators refuse too, so a cluster where the webhook is down or bypassed loses no
 * rule and the reconcilers never act on what the schema would not store.
 */
class SchemaAgreementIT {
  static final List<String> HOSTILE_NUMBERS = List.of("-1", "0", "2147483648", "1e20");

  @Test
  void everyObjectTheSchemaRefusesTheValidatorsRefuseToo() throws Exception {
    List<Object[]> cases = cases();
    List<String> schemaOnly = new ArrayList<>();
    Map<String, Integer> validatorOnly = new TreeMap<>();
    try (TestingKubernetes k8s = new TestingKubernetes("lakes")) {
      for (Object[] c : cases) {
        ObjectNode object = (ObjectNode) c[0];
        String where = c[1] + " " + c[2] + " = " + abbreviate(String.valueOf(c[3]));
        String schema = schemaVerdict(k8s, object);
        String validators = validatorVerdict(object);
        if (schema != null && validators == null) {
          schemaOnly.add(where + "  (schema: " + abbreviate(schema) + ")");
        } else if (schema == null && validators != null) {
          validatorOnly.merge(c[1] + " " + c[2], 1, Integer::sum);
        }
      }
    }
    System.out.printf(
        "[schema] %d cases; refused by the validators only (cross-field and semantic rules): %s%n",
        cases.size(), validatorOnly);
    assertThat(schemaOnly).as("refused by the CRD schema, admitted by the validators").isEmpty();
  }

  /** The API server's answer to a dry-run create: null when stored, else its message. */
  static String schemaVerdict(TestingKubernetes k8s, ObjectNode object) {
    GenericKubernetesResource resource =
        Serialization.unmarshal(object.toString(), GenericKubernetesResource.class);
    resource.getMetadata().setNamespace("lakes");
    try {
      k8s.client.resource(resource).dryRun().create();
      return null;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 422 && e.getCode() != 400) {
        throw e;
      }
      return e.getMessage();
    }
  }

  /** The webhook's answer (defaulting, then validation): null when allowed, else its message. */
  static String validatorVerdict(ObjectNode object) throws Exception {
    JsonNode mutated =
        Reviews.response(
            HostileStringsTest.SERVICE.review(Reviews.review("CREATE", object, null), true).json());
    if (!mutated.get("allowed").asBoolean()) {
      return mutated.at("/status/message").asText();
    }
    ObjectNode defaulted =
        mutated.hasNonNull("patch")
            ? Reviews.apply(object.deepCopy(), Reviews.patch(mutated))
            : object.deepCopy();
    JsonNode validated =
        Reviews.response(
            HostileStringsTest.SERVICE
                .review(Reviews.review("CREATE", defaulted, null), false)
                .json());
    return validated.get("allowed").asBoolean() ? null : validated.at("/status/message").asText();
  }

  static List<Object[]> cases() {
    List<Object[]> out = new ArrayList<>();
    Map<String, String> fixtures =
        Map.of(
            "DuckLakeCatalog", AdmissionServiceTest.CATALOG,
            "DuckLakeTable", AdmissionServiceTest.TABLE,
            "DuckLakePool", AdmissionServiceTest.POOL,
            "DuckLakeBackup", AdmissionServiceTest.BACKUP,
            "DuckLakeCatalog (rich)", HostileStringsTest.RICH_CATALOG,
            "DuckLakeTable (rich)", HostileStringsTest.RICH_TABLE,
            "DuckLakePool (rich)", HostileStringsTest.RICH_POOL);
    fixtures.forEach(
        (kind, yaml) -> {
          ObjectNode base = Reviews.yaml(yaml);
          for (String pointer : HostileStringsTest.stringLeaves(base.get("spec"), "/spec")) {
            for (String value : HostileStringsTest.HOSTILE) {
              out.add(new Object[] {with(base, pointer, value, false), kind, pointer, value});
            }
          }
          for (String pointer :
              HostileStringsTest.leaves(base.get("spec"), "/spec", JsonNode::isNumber)) {
            for (String value : HOSTILE_NUMBERS) {
              out.add(new Object[] {with(base, pointer, value, true), kind, pointer, value});
            }
          }
        });
    return out;
  }

  static ObjectNode with(ObjectNode base, String pointer, String value, boolean number) {
    ObjectNode object = base.deepCopy();
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = object.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1);
    JsonNode node =
        number ? object.numberNode(new java.math.BigDecimal(value)) : object.textNode(value);
    if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), node);
    } else {
      ((ObjectNode) parent).set(last, node);
    }
    return object;
  }

  static String abbreviate(String s) {
    String clean = s.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 120 ? clean.substring(0, 120) + "..." : clean;
  }
}
