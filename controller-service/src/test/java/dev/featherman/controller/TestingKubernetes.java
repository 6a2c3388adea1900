package dev.featherman.controller;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;

/**
 * A Kubernetes API for tests: fabric8's mock server in CRUD mode with Featherman's generated CRDs
 * created first (status-subresource semantics depend on them).
 */
public final class TestingKubernetes implements AutoCloseable {
  public final KubernetesMockServer server =
      new KubernetesMockServer(
          new Context(),
          new MockWebServer(),
          new HashMap<>(),
          new KubernetesCrudDispatcher(List.of()),
          false);
  public final KubernetesClient client;

  public TestingKubernetes(String... namespaces) {
    server.init();
    client = server.createClient();
    for (String plural : List.of("ducklakecatalogs", "ducklaketables", "ducklakepools")) {
      String path = "/META-INF/fabric8/" + plural + ".ducklake.featherman.dev-v1.yml";
      try (InputStream in = TestingKubernetes.class.getResourceAsStream(path)) {
        client.resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    for (String ns : namespaces) {
      client
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
  }

  /** The URL a client built from the environment should use (kubernetes.master). */
  public String url() {
    return server.url("/");
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
