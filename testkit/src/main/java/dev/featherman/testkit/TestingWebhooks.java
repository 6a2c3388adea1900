package dev.featherman.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Registers the webhook-service with a real API server from the chart's own registration templates
 * (rendered by the real helm), with each webhook's Service reference replaced by a loopback URL and
 * the test's CA: the API server must never dial a Service address in tests.
 */
public final class TestingWebhooks {
  private TestingWebhooks() {}

  /**
   * Renders {@code webhookChart} and registers its webhook configurations for a webhook listening
   * on {@code https://127.0.0.1:port}, trusted by {@code caPem}. Returns what was registered.
   */
  public static List<HasMetadata> register(
      KubernetesClient client, Path webhookChart, int port, String caPem) {
    List<HasMetadata> registered = new ArrayList<>();
    for (HasMetadata object :
        TestingChart.render(client, webhookChart, "featherman-system").objects()) {
      List<WebhookClientConfig> configs = new ArrayList<>();
      if (object instanceof ValidatingWebhookConfiguration v) {
        v.getWebhooks().forEach(w -> configs.add(w.getClientConfig()));
      } else if (object instanceof MutatingWebhookConfiguration m) {
        m.getWebhooks().forEach(w -> configs.add(w.getClientConfig()));
      } else {
        continue;
      }
      for (WebhookClientConfig config : configs) {
        String path = config.getService().getPath();
        config.setService(null);
        config.setUrl("https://127.0.0.1:" + port + path);
        config.setCaBundle(
            Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)));
      }
      object.getMetadata().setNamespace(null);
      registered.add(client.resource(object).create());
    }
    if (registered.isEmpty()) {
      throw new IllegalStateException(webhookChart + " rendered no webhook configuration");
    }
    return registered;
  }
}
