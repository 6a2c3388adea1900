package dev.featherman.operator.jobs;

import java.time.Duration;

/**
 * The settings a service that runs worker Jobs configures (its {@code @ConfigurationProperties}
 * record implements this), so every such service builds its {@link OperationJobs} the same way.
 */
public interface WorkerJobProperties {
  /** Image of the worker Jobs. */
  String workerImage();

  /** Its pull policy. */
  String workerImagePullPolicy();

  /** Service account the Jobs' pods run as. */
  String workerServiceAccount();

  /** Retries of a failed Job pod. */
  int jobBackoffLimit();

  /** How long a finished Job is kept. */
  Duration jobTtl();

  /** How long a Job may run. */
  Duration jobDeadline();
}
