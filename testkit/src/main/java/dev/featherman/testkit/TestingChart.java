package dev.featherman.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ObjIntConsumer;

/**
 * A chart rendered by the real helm, and the parts of it a test installs on a real API server: the
 * services' identities (ServiceAccounts) and exactly the RBAC the chart grants them.
 */
public final class TestingChart {
  private static final Set<String> RBAC_KINDS =
      Set.of("ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");

  private final List<HasMetadata> objects;
  private final String namespace;

  private TestingChart(List<HasMetadata> objects, String namespace) {
    this.objects = objects;
    this.namespace = namespace;
  }

  /** {@code helm template featherman <chart> -n <namespace> [--set ...]}. */
  public static TestingChart render(
      KubernetesClient client, Path chart, String namespace, String... sets) {
    List<String> args =
        new ArrayList<>(List.of("template", "featherman", chart.toString(), "-n", namespace));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    String yaml = Command.run("helm", null, args.toArray(String[]::new)).orFail();
    return new TestingChart(
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items(),
        namespace);
  }

  /** Every rendered object. */
  public List<HasMetadata> objects() {
    return objects;
  }

  /** Creates the release namespace, the ServiceAccounts and the RBAC objects, nothing else. */
  public void installIdentities(KubernetesClient client) {
    if (client.namespaces().withName(namespace).get() == null) {
      client
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    for (HasMetadata object : objects) {
      if (RBAC_KINDS.contains(object.getKind())) {
        if (!object.getKind().startsWith("Cluster")
            && object.getMetadata().getNamespace() == null) {
          object.getMetadata().setNamespace(namespace); // as helm install -n does
        }
        client.resource(object).create();
      }
    }
  }

  /**
   * Every (verb, resource) the chart grants a ServiceAccount that the audit log shows it never
   * used, as "account: verb group/resource[/subresource]". A wildcard-free role whose every entry
   * is used grants nothing more than the code needs.
   */
  public SortedSet<String> unusedGrants(Path auditLog) {
    Set<String> used = usedGrants(auditLog);
    SortedSet<String> unused = new TreeSet<>();
    grants()
        .forEach(
            (account, grants) ->
                grants.stream()
                    .filter(g -> !used.contains(account + ": " + g))
                    .forEach(g -> unused.add(account + ": " + g)));
    return unused;
  }

  /** What each ServiceAccount of the release is granted, as "verb group/resource". */
  public Map<String, Set<String>> grants() {
    Map<String, List<PolicyRule>> roles = new HashMap<>();
    for (HasMetadata o : objects) {
      if (o instanceof ClusterRole r) {
        roles.put("ClusterRole/" + r.getMetadata().getName(), r.getRules());
      } else if (o instanceof Role r) {
        roles.put("Role/" + r.getMetadata().getName(), r.getRules());
      }
    }
    Map<String, Set<String>> grants = new TreeMap<>();
    for (HasMetadata o : objects) {
      RoleRef ref = null;
      List<Subject> subjects = List.of();
      if (o instanceof ClusterRoleBinding b) {
        ref = b.getRoleRef();
        subjects = b.getSubjects();
      } else if (o instanceof RoleBinding b) {
        ref = b.getRoleRef();
        subjects = b.getSubjects();
      }
      if (ref == null) {
        continue;
      }
      var rules = roles.getOrDefault(ref.getKind() + "/" + ref.getName(), List.of());
      for (var subject : subjects) {
        var set = grants.computeIfAbsent(subject.getName(), k -> new TreeSet<>());
        for (var rule : rules) {
          for (String group : rule.getApiGroups()) {
            for (String resource : rule.getResources()) {
              for (String verb : rule.getVerbs()) {
                set.add(verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource);
              }
            }
          }
        }
      }
    }
    return grants;
  }

  /**
   * The calls of the release's ServiceAccounts the API server refused (403), from the audit log.
   */
  public List<String> refusedCalls(Path auditLog) {
    List<String> refused = new ArrayList<>();
    auditEvents(
        auditLog,
        (call, code) -> {
          if (code == 403) {
            refused.add(call);
          }
        });
    return refused;
  }

  private Set<String> usedGrants(Path auditLog) {
    Set<String> used = new HashSet<>();
    auditEvents(auditLog, (call, code) -> used.add(call));
    return used;
  }

  /** Each audited call of the release's ServiceAccounts as "account: verb group/resource". */
  private void auditEvents(Path auditLog, ObjIntConsumer<String> calls) {
    var json = new ObjectMapper();
    String prefix = "system:serviceaccount:" + namespace + ":";
    try (var lines = Files.lines(auditLog)) {
      lines.forEach(
          line -> {
            try {
              var event = json.readTree(line);
              String user = event.at("/impersonatedUser/username").asText("");
              if (user.isEmpty()) {
                user = event.at("/user/username").asText("");
              }
              var ref = event.get("objectRef");
              if (!user.startsWith(prefix) || ref == null) {
                return;
              }
              String group = ref.path("apiGroup").asText("");
              String resource = ref.path("resource").asText("");
              String sub = ref.path("subresource").asText("");
              calls.accept(
                  user.substring(prefix.length())
                      + ": "
                      + event.path("verb").asText()
                      + " "
                      + (group.isEmpty() ? "core" : group)
                      + "/"
                      + resource
                      + (sub.isEmpty() ? "" : "/" + sub),
                  event.at("/responseStatus/code").asInt(0));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The user name a pod running as ServiceAccount {@code name} of this release has. */
  public String serviceAccountUser(String name) {
    return "system:serviceaccount:" + namespace + ":" + name;
  }
}
