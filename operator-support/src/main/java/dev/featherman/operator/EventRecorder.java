package dev.featherman.operator;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on Featherman objects (what `kubectl describe` shows). Callers emit one
 * when a condition changes, not on every reconcile, so Events stay a readable history.
 */
public class EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private final KubernetesClient client;
  private final Clock clock;
  private final String component;

  /**
   * @param component the Event's source, e.g. featherman-backup-service (what `kubectl get events`
   *     shows as FROM)
   */
  public EventRecorder(KubernetesClient client, Clock clock, String component) {
    this.client = client;
    this.clock = clock;
    this.component = component;
  }

  /** A Warning Event: something the user must fix or wait for. */
  public void warning(HasMetadata object, String reason, String message) {
    record(object, "Warning", reason, message);
  }

  /** A Normal Event: progress worth a line in the history. */
  public void normal(HasMetadata object, String reason, String message) {
    record(object, "Normal", reason, message);
  }

  private void record(HasMetadata object, String type, String reason, String message) {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    String name = object.getMetadata().getName() + "." + Long.toHexString(System.nanoTime());
    try {
      client
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(object.getMetadata().getNamespace())
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(object.getApiVersion())
                          .withKind(object.getKind())
                          .withName(object.getMetadata().getName())
                          .withNamespace(object.getMetadata().getNamespace())
                          .withUid(object.getMetadata().getUid())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(
                      message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent(component)
                  .endSource()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      // An Event is a courtesy; failing to record one must not fail reconciliation.
      log.warn(
          "could not record event {} on {}: {}",
          reason,
          object.getMetadata().getName(),
          e.getMessage());
    }
  }
}
