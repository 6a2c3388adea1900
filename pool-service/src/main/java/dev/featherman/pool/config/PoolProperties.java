package dev.featherman.pool.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the pool-service, under {@code featherman.pool}; the chart supplies them.
 *
 * @param namespaces namespaces to watch; empty for all
 * @param workerImage image of worker pods when a pool's template names none
 * @param workerImagePullPolicy its pull policy
 * @param allowedWorkerImages image prefixes a pool's {@code template.image} must start with (empty:
 *     any), checked again here so that a pool admitted without the webhook, or before the policy,
 *     starts no worker with another image
 * @param workerServiceAccount service account worker pods run as (they need no API access)
 * @param workerPort the worker API's port
 * @param workerToken the root worker token (shared with the gateway) each pool's own token is
 *     derived from; prefer the file
 * @param workerTokenFile a file holding that token (a mounted Secret), read when workerToken is
 *     empty
 * @param tokenRotationGrace how long after a pool's token changed its workers started with the
 *     previous token may still finish queries; then they are deleted and that token works nowhere
 * @param networkPolicy whether each pool gets a NetworkPolicy letting only the callers reach its
 *     workers
 * @param callersNamespace the namespace of the gateway and the pool-service (the release's)
 * @param callers {@code app.kubernetes.io/name} of the pods that may reach workers
 * @param guardRecheck how often each pool's PodDisruptionBudget and NetworkPolicy are checked to
 *     still exist (a deleted one is made again)
 * @param probeTimeout time allowed for a worker to answer a state or drain request
 * @param startTimeout a worker not Ready this long after creation is replaced
 * @param queueReportFreshness gateway queue reports older than this are ignored
 * @param leaderElection whether to take a Lease before reconciling (off only for tests)
 * @param leaseName name of the Lease
 * @param leaseNamespace namespace of the Lease (the service's own)
 * @param exitOnLostLease exit when the Lease is lost (off only in tests)
 */
@Validated
@ConfigurationProperties("featherman.pool")
public record PoolProperties(
    @DefaultValue List<String> namespaces,
    @DefaultValue("ghcr.io/featherman/worker:latest") @NotBlank String workerImage,
    @DefaultValue("IfNotPresent") String workerImagePullPolicy,
    @DefaultValue List<String> allowedWorkerImages,
    @DefaultValue("featherman-worker") String workerServiceAccount,
    @DefaultValue("8090") @Min(1) @Max(65535) int workerPort,
    @DefaultValue("") String workerToken,
    @DefaultValue("/etc/featherman/worker-token/token") String workerTokenFile,
    @DefaultValue("5m") Duration tokenRotationGrace,
    @DefaultValue("true") boolean networkPolicy,
    @DefaultValue("featherman-system") String callersNamespace,
    @DefaultValue({"query-gateway", "pool-service"}) List<String> callers,
    @DefaultValue("1m") Duration guardRecheck,
    @DefaultValue("2s") Duration probeTimeout,
    @DefaultValue("5m") Duration startTimeout,
    @DefaultValue("60s") Duration queueReportFreshness,
    @DefaultValue("true") boolean leaderElection,
    @DefaultValue("featherman-pool") String leaseName,
    @DefaultValue("featherman-system") String leaseNamespace,
    @DefaultValue("true") boolean exitOnLostLease)
    implements dev.featherman.operator.Operators.LeaderElection {}
