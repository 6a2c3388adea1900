package dev.featherman.backup.config;

import dev.featherman.operator.jobs.WorkerJobProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the backup-service, under {@code featherman.backup}; the chart supplies them.
 *
 * @param namespaces namespaces to watch; empty for all
 * @param workerImage image of the backup and maintenance Jobs (the worker)
 * @param workerImagePullPolicy pull policy of that image
 * @param workerServiceAccount service account the Jobs run as
 * @param jobBackoffLimit retries of a Job for retryable failures
 * @param jobTtl how long finished Jobs stay for inspection
 * @param jobDeadline longest a backup or maintenance Job may run
 * @param partSize multipart part size for uploads (at least 5MB)
 * @param s3Timeout timeout of each S3 call made by this service (verification, deletion)
 * @param retentionInterval how often each catalog's retention is applied
 * @param waitInterval how soon to look again while a Job runs or a catalog is not Ready
 * @param misfireThreshold a fire later than this counts as missed (one catch-up run follows)
 * @param schedulerThreads Quartz threads (backups only create objects; maintenance waits)
 * @param leaderElection whether to take a Lease before working (off only for tests)
 * @param leaseName name of the Lease
 * @param leaseNamespace namespace of the Lease (the service's own)
 * @param exitOnLostLease exit when the Lease is lost, so a stale leader never keeps scheduling
 */
@Validated
@ConfigurationProperties("featherman.backup")
public record BackupProperties(
    @DefaultValue List<String> namespaces,
    @DefaultValue("ghcr.io/featherman/worker:latest") @NotBlank String workerImage,
    @DefaultValue("IfNotPresent") String workerImagePullPolicy,
    @DefaultValue("featherman-worker") String workerServiceAccount,
    @DefaultValue("2") @Min(0) int jobBackoffLimit,
    @DefaultValue("1h") Duration jobTtl,
    @DefaultValue("1h") Duration jobDeadline,
    @DefaultValue("16MB") DataSize partSize,
    @DefaultValue("60s") Duration s3Timeout,
    @DefaultValue("5m") Duration retentionInterval,
    @DefaultValue("5s") Duration waitInterval,
    @DefaultValue("60s") Duration misfireThreshold,
    @DefaultValue("4") @Min(1) int schedulerThreads,
    @DefaultValue("true") boolean leaderElection,
    @DefaultValue("featherman-backup") String leaseName,
    @DefaultValue("featherman-system") String leaseNamespace,
    @DefaultValue("true") boolean exitOnLostLease)
    implements WorkerJobProperties, dev.featherman.operator.Operators.LeaderElection {}
