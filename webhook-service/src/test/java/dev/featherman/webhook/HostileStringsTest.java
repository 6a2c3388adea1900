package dev.featherman.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every string field of every kind, fed hostile values (traversal, globs, control characters,
 * overlong text, SQL and template injection, huge numbers): the webhook always answers, never with
 * a server error, and when it denies, the message names the field.
 */
class HostileStringsTest {
  static final List<String> HOSTILE =
      List.of(
          "../../etc/passwd",
          "/tmp/../../root/x.db",
          "a/*/b",
          "x?[y]{z}",
          "a\u0000b",
          "line\r\nbreak",
          "\u001b[31mred",
          "x".repeat(5000),
          "'; DROP TABLE trips; --",
          "${jndi:ldap://127.0.0.1/a}",
          "{{ .Values }}",
          "99999999999999999999h",
          "-1",
          "",
          " ",
          "\u2028",
          "😀");

  /** Objects that set most optional string fields too, so those are fed hostile values as well. */
  static final String RICH_CATALOG =
      """
      apiVersion: ducklake.featherman.dev/v1alpha1
      kind: DuckLakeCatalog
      metadata: {name: rich}
      spec:
        backend: sqlite
        catalogPath: /var/lib/featherman/lake.sqlite
        storageClass: standard
        size: 10Gi
        objectStore: {endpoint: "http://minio:9000", bucket: lake-data, prefix: team/a, region: eu-west-1, credentialsSecret: {name: s3}}
        encryption: {kmsKeyId: "arn:aws:kms:eu-west-1:1:key/x"}
        backupPolicy: {schedule: "0 2 * * *", timeZone: Europe/Berlin, retentionDays: 7}
        maintenance: {schedule: "@daily", timeZone: UTC, expireSnapshotsOlderThan: 168h, cleanupFilesOlderThan: 24h}
      """;

  static final String RICH_TABLE =
      """
      apiVersion: ducklake.featherman.dev/v1alpha1
      kind: DuckLakeTable
      metadata: {name: rich}
      spec:
        catalogRef: lake
        name: events
        comment: all events
        location: raw/events
        columns:
          - {name: id, type: BIGINT, comment: the id}
        materializeTo:
          sql: SELECT id FROM events
          name: events_export
          schedule: "@hourly"
          destination: {bucket: exports, prefix: daily}
      """;
  static final String RICH_POOL =
      """
      apiVersion: ducklake.featherman.dev/v1alpha1
      kind: DuckLakePool
      metadata: {name: rich}
      spec:
        catalogRef: {name: shared}
        maxIdleTime: 5m
        maxLifetime: 1h
        maxQueryDuration: 60s
        scaleInterval: 10s
        stabilizationWindow: 1m
        queue: {maxWaitTime: 30s, policy: fifo}
        template: {image: "registry.example/worker:1", imagePullPolicy: IfNotPresent}
      """;

  static final AdmissionService SERVICE = new AdmissionService(AdmissionServiceTest.CATALOGS);

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Map.Entry<String, String> fixture :
        Map.of(
                "DuckLakeCatalog", AdmissionServiceTest.CATALOG,
                "DuckLakeTable", AdmissionServiceTest.TABLE,
                "DuckLakePool", AdmissionServiceTest.POOL,
                "DuckLakeBackup", AdmissionServiceTest.BACKUP,
                "DuckLakeCatalog (rich)", RICH_CATALOG,
                "DuckLakeTable (rich)", RICH_TABLE,
                "DuckLakePool (rich)", RICH_POOL)
            .entrySet()) {
      ObjectNode object = Reviews.yaml(fixture.getValue());
      for (String pointer : stringLeaves(object.get("spec"), "/spec")) {
        for (String value : HOSTILE) {
          out.add(Arguments.of(fixture.getKey(), fixture.getValue(), pointer, value));
        }
      }
    }
    assertThat(out).hasSizeGreaterThan(100);
    return out.stream();
  }

  @ParameterizedTest(name = "[{index}] {0} {2}")
  @MethodSource("cases")
  void hostileValueIsAnsweredNeverFailed(String kind, String yaml, String pointer, String value) {
    ObjectNode object = Reviews.yaml(yaml);
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = object.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1);
    if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), array.textNode(value));
    } else {
      ((ObjectNode) parent).put(last, value);
    }
    for (boolean mutate : new boolean[] {true, false}) {
      AdmissionService.Outcome outcome =
          SERVICE.review(Reviews.review("CREATE", object, null), mutate);
      JsonNode response = Reviews.response(outcome.json());
      if (!mutate && (value.indexOf('\u0000') >= 0 || value.indexOf('\u001b') >= 0)) {
        assertThat(response.get("allowed").asBoolean())
            .as("no field takes a NUL or ESC: " + kind + " " + pointer)
            .isFalse();
      }
      if (!response.get("allowed").asBoolean()) {
        int code = response.at("/status/code").asInt();
        assertThat(code).as(kind + " " + pointer + " = " + value).isBetween(400, 499);
        assertThat(response.at("/status/message").asText())
            .as(kind + " " + pointer + " = " + value)
            .contains(field(pointer));
      }
    }
  }

  /** {@code /spec/columns/0/name} as the webhook names it: {@code spec.columns[0].name}. */
  static String field(String pointer) {
    StringBuilder sb = new StringBuilder();
    for (String part : pointer.substring(1).split("/")) {
      if (part.matches("[0-9]+")) {
        sb.append('[').append(part).append(']');
      } else {
        sb.append(sb.length() == 0 ? "" : ".").append(part);
      }
    }
    return sb.toString();
  }

  static List<String> stringLeaves(JsonNode node, String pointer) {
    return leaves(node, pointer, JsonNode::isTextual);
  }

  /** JSON pointers of the leaves of {@code node} that {@code kind} accepts. */
  static List<String> leaves(
      JsonNode node, String pointer, java.util.function.Predicate<JsonNode> kind) {
    List<String> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (kind.test(node)) {
      out.add(pointer);
    } else if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              f -> out.addAll(leaves(f.getValue(), pointer + "/" + f.getKey(), kind)));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        out.addAll(leaves(node.get(i), pointer + "/" + i, kind));
      }
    }
    return out;
  }
}
