package dev.featherman.controller.config;

import dev.featherman.operator.jobs.WorkerJobProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the controller, under {@code featherman.controller}; the chart supplies them.
 *
 * @param namespaces namespaces to watch; empty for all
 * @param workerImage image of the one-shot worker Jobs
 * @param workerImagePullPolicy pull policy of that image
 * @param workerServiceAccount service account the Jobs run as
 * @param jobBackoffLimit retries of a Job for retryable failures
 * @param jobTtl how long finished Jobs stay for inspection
 * @param jobDeadline longest a Job may run
 * @param leaderElection whether to take a Lease before reconciling (off only for tests)
 * @param leaseName name of the Lease
 * @param leaseNamespace namespace of the Lease (the controller's own)
 * @param waitInterval how soon to look again while waiting on something outside our watch
 * @param resyncInterval how often a Ready object is looked at again (object store probes)
 * @param probeTimeout time allowed for the object store probe
 * @param exitOnLostLease exit when the Lease is lost, so a stale leader never keeps reconciling
 *     (off only in tests that run several controllers in one JVM)
 */
@Validated
@ConfigurationProperties("featherman.controller")
public record ControllerProperties(
    @DefaultValue List<String> namespaces,
    @DefaultValue("ghcr.io/featherman/worker:latest") @NotBlank String workerImage,
    @DefaultValue("IfNotPresent") String workerImagePullPolicy,
    @DefaultValue("featherman-worker") String workerServiceAccount,
    @DefaultValue("3") @Min(0) int jobBackoffLimit,
    @DefaultValue("1h") Duration jobTtl,
    @DefaultValue("15m") Duration jobDeadline,
    @DefaultValue("true") boolean leaderElection,
    @DefaultValue("featherman-controller") String leaseName,
    @DefaultValue("featherman-system") String leaseNamespace,
    @DefaultValue("10s") Duration waitInterval,
    @DefaultValue("5m") Duration resyncInterval,
    @DefaultValue("10s") Duration probeTimeout,
    @DefaultValue("true") boolean exitOnLostLease)
    implements WorkerJobProperties, dev.featherman.operator.Operators.LeaderElection {}
