package dev.featherman.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The shipped webhook registrations are safe (Fail, no side effects, bounded) and cover every kind.
 */
class WebhookConfigurationsTest {
  @Test
  @SuppressWarnings("unchecked")
  void registrationsCoverEveryKindSafely() throws Exception {
    String[] documents =
        Files.readString(Path.of("k8s/webhook-configurations.yaml")).split("\n---\n");
    assertThat(documents).hasSize(2);
    List<String> expectedResources =
        new AdmissionService(null)
            .kinds().stream().map(k -> k.toLowerCase(Locale.ROOT) + "s").sorted().toList();
    MutatingWebhookConfiguration mutating =
        Serialization.unmarshal(documents[0], MutatingWebhookConfiguration.class);
    ValidatingWebhookConfiguration validating =
        Serialization.unmarshal(documents[1], ValidatingWebhookConfiguration.class);
    var m = mutating.getWebhooks().get(0);
    var v = validating.getWebhooks().get(0);
    assertThat(m.getClientConfig().getService().getPath()).isEqualTo("/mutate");
    assertThat(v.getClientConfig().getService().getPath()).isEqualTo("/validate");
    for (var hook :
        List.of(
            new Object[] {
              m.getFailurePolicy(),
              m.getSideEffects(),
              m.getTimeoutSeconds(),
              m.getRules().get(0).getResources()
            },
            new Object[] {
              v.getFailurePolicy(),
              v.getSideEffects(),
              v.getTimeoutSeconds(),
              v.getRules().get(0).getResources()
            })) {
      assertThat(hook[0]).isEqualTo("Fail");
      assertThat(hook[1]).isEqualTo("None");
      assertThat((Integer) hook[2]).isBetween(1, 10);
      assertThat(((List<String>) hook[3]).stream().sorted().toList()).isEqualTo(expectedResources);
    }
  }
}
