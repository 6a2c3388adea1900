package dev.featherman.pool;

import dev.featherman.api.Annotations;
import dev.featherman.api.ConditionReasons;
import dev.featherman.api.ConditionTypes;
import dev.featherman.api.Labels;
import dev.featherman.api.status.Conditions;
import dev.featherman.api.v1alpha1.CatalogBackend;
import dev.featherman.api.v1alpha1.DuckLakeCatalog;
import dev.featherman.api.v1alpha1.DuckLakePool;
import dev.featherman.api.v1alpha1.DuckLakePoolStatus;
import dev.featherman.api.v1alpha1.PoolPhase;
import dev.featherman.api.v1alpha1.PoolPodStatus;
import dev.featherman.api.v1alpha1.WorkerState;
import dev.featherman.api.validation.ImagePolicy;
import dev.featherman.api.validation.PoolValidator;
import dev.featherman.api.validation.Validation;
import dev.featherman.api.worker.WorkerToken;
import dev.featherman.operator.ReconcileSupport;
import dev.featherman.pool.config.PoolProperties;
import dev.featherman.pool.scaling.PoolLimits;
import dev.featherman.pool.scaling.PoolPlan;
import dev.featherman.pool.scaling.PoolPlanner;
import dev.featherman.pool.scaling.ScaleHistory;
import dev.featherman.pool.scaling.WorkerView;
import dev.featherman.pool.workers.PoolMetrics;
import dev.featherman.pool.workers.PoolTokens;
import dev.featherman.pool.workers.QueueReports;
import dev.featherman.pool.workers.WorkerClient;
import dev.featherman.workloads.WorkerJob;
import dev.featherman.workloads.WorkerPod;
import dev.featherman.workloads.WorkerPodSettings;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Keeps a DuckLakePool's warm workers: creates worker pods from spec.template, mirrors what each
 * worker reports into status and metrics, and applies the {@link PoolPlanner}'s decisions (replace,
 * scale, recycle, drain before delete). Runs again every scaleInterval and on every change of its
 * pods.
 */
public class PoolReconciler implements Reconciler<DuckLakePool>, Cleaner<DuckLakePool> {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

  /** Probe failures in a row after which a Ready worker counts as gone. */
  private static final int UNREACHABLE_LIMIT = 2;

  private final KubernetesClient client;
  private final PoolProperties properties;
  private final WorkerPodSettings podSettings;
  private final WorkerToken token;
  private final WorkerClient workers;
  private final PoolMetrics metrics;
  private final ReconcileSupport support;
  private final Clock clock;
  private final Map<String, ScaleHistory> histories = new ConcurrentHashMap<>();
  private final Map<String, Integer> unreachable = new ConcurrentHashMap<>();

  /**
   * When this process last saw each pool's (by uid) PodDisruptionBudget and NetworkPolicy in place:
   * checked again after {@code guardRecheck}, so a deleted one comes back without a restart and
   * without two extra reads on every pass.
   */
  private final Map<String, Instant> guardsSeen = new ConcurrentHashMap<>();

  public PoolReconciler(
      KubernetesClient client,
      PoolProperties properties,
      WorkerPodSettings podSettings,
      WorkerToken token,
      WorkerClient workers,
      PoolMetrics metrics,
      ReconcileSupport support,
      Clock clock) {
    this.client = client;
    this.properties = properties;
    this.podSettings = podSettings;
    this.token = token;
    this.workers = workers;
    this.metrics = metrics;
    this.support = support;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, DuckLakePool>> prepareEventSources(
      EventSourceContext<DuckLakePool> context) {
    var pods =
        InformerEventSourceConfiguration.from(Pod.class, DuckLakePool.class)
            .withLabelSelector(Labels.COMPONENT + "=" + WorkerPod.COMPONENT)
            .build();
    // A catalog Job of a DuckDB-file catalog pauses that catalog's pool (one process at a time).
    var catalogJobs =
        InformerEventSourceConfiguration.from(Job.class, DuckLakePool.class)
            .withName("catalog-jobs")
            .withLabelSelector(Labels.COMPONENT + "=" + WorkerJob.COMPONENT)
            .withSecondaryToPrimaryMapper(job -> poolsOfJobCatalog(context.getPrimaryCache(), job))
            .build();
    return List.of(
        new InformerEventSource<>(pods, context), new InformerEventSource<>(catalogJobs, context));
  }

  /** The pools of a catalog Job's catalog, from the informer's cache (no API call per event). */
  private static Set<ResourceID> poolsOfJobCatalog(Cache<DuckLakePool> pools, Job job) {
    String catalog = job.getMetadata().getLabels().get(Labels.CATALOG);
    String ns = job.getMetadata().getNamespace();
    return pools
        .list(
            p ->
                ns.equals(p.getMetadata().getNamespace())
                    && p.getSpec().getCatalogRef().getName().equals(catalog))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  @Override
  public UpdateControl<DuckLakePool> reconcile(DuckLakePool pool, Context<DuckLakePool> context) {
    return support.reconcile(pool, DuckLakePoolStatus::new, status -> step(pool, status));
  }

  @Override
  public ErrorStatusUpdateControl<DuckLakePool> updateErrorStatus(
      DuckLakePool pool, Context<DuckLakePool> context, Exception e) {
    return support.error(pool, DuckLakePoolStatus::new, e);
  }

  @Override
  public DeleteControl cleanup(DuckLakePool pool, Context<DuckLakePool> context) {
    // Pods and the token Secret are owned by the pool: Kubernetes collects them.
    metrics.forget(pool.getMetadata().getNamespace(), pool.getMetadata().getName());
    histories.remove(pool.getMetadata().getUid());
    guardsSeen.remove(pool.getMetadata().getUid());
    return DeleteControl.defaultDelete();
  }

  /** One pass; returns when to look again in ms. */
  private long step(DuckLakePool pool, DuckLakePoolStatus status) {
    Instant now = clock.instant();
    long generation = pool.getMetadata().getGeneration();
    long interval = pool.getSpec().resolvedScaleInterval().toMillis();
    String ns = pool.getMetadata().getNamespace();
    String catalogName = pool.getSpec().getCatalogRef().getName();
    DuckLakeCatalog catalog =
        client.resources(DuckLakeCatalog.class).inNamespace(ns).withName(catalogName).get();
    Validation v =
        PoolValidator.validate(
            pool.getSpec(),
            null,
            Optional.ofNullable(catalog).map(DuckLakeCatalog::getSpec),
            new ImagePolicy(properties.allowedWorkerImages()));
    if (!v.isValid()) {
      return notReady(status, ConditionReasons.INVALID_SPEC, v.errorMessage(), generation, 0);
    }
    if (catalog == null) {
      return notReady(
          status,
          ConditionReasons.CATALOG_NOT_FOUND,
          "DuckLakeCatalog '"
              + catalogName
              + "' (spec.catalogRef.name) does not exist in namespace '"
              + ns
              + "'",
          generation,
          interval);
    }
    if (catalog.getStatus() == null
        || !Conditions.isTrue(catalog.getStatus(), ConditionTypes.READY)) {
      return notReady(
          status,
          ConditionReasons.CATALOG_NOT_READY,
          "waiting for DuckLakeCatalog '" + catalogName + "' to become Ready",
          generation,
          interval);
    }
    PoolTokens tokens =
        PoolTokens.ensure(
            client,
            pool,
            token.forPool(pool.getMetadata().getUid()),
            now,
            properties.tokenRotationGrace());
    ensureGuards(pool, now);

    // DuckDB lets one process open its file for writing, or many for reading only; either way a
    // catalog Job (which writes) needs every worker gone first.
    boolean duckDbFile = catalog.getSpec().getBackend() == CatalogBackend.duckdb;
    boolean singleProcess =
        duckDbFile && !Boolean.TRUE.equals(pool.getSpec().getCatalogRef().getReadOnly());
    boolean paused = duckDbFile && catalogJobRunning(ns, catalogName);
    PoolLimits limits =
        PoolLimits.of(pool.getSpec(), singleProcess, paused, properties.startTimeout());
    List<Pod> pods =
        client
            .pods()
            .inNamespace(ns)
            .withLabel(Labels.POOL, pool.getMetadata().getName())
            .list()
            .getItems()
            .stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            // Never probe (with the worker token), count or delete a pod that only copied labels.
            .filter(p -> WorkerPod.isOwnedBy(p, pool))
            .toList();
    List<WorkerView> views = new ArrayList<>();
    for (Pod pod : pods) {
      views.add(view(pod, now, tokens));
    }
    int queued =
        QueueReports.waiting(
            pool.getMetadata().getAnnotations(), now, properties.queueReportFreshness());
    ScaleHistory history =
        histories.computeIfAbsent(pool.getMetadata().getUid(), k -> new ScaleHistory(now));
    Instant lastScale =
        status.getLastScaleTime() == null ? null : Instant.parse(status.getLastScaleTime());
    PoolPlan plan =
        PoolPlanner.plan(limits, views, queued, now, status.getDesiredSize(), lastScale, history);

    Map<String, Pod> byName =
        pods.stream().collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));
    String poolName = pool.getMetadata().getName();
    plan.delete().forEach((name, reason) -> delete(byName.get(name), pool, reason));
    for (String name : plan.drain()) {
      Pod pod = byName.get(name);
      int stillRunning =
          workers.drain(host(pod), WorkerPod.port(pod, podSettings.port()), tokens.of(pod));
      if (stillRunning == 0) {
        delete(pod, pool, "drained");
      }
    }
    for (int i = 0; i < plan.create(); i++) {
      String name = poolName + "-" + suffix();
      Pod worker =
          new PodBuilder(WorkerPod.desired(pool, catalog, name, podSettings))
              .editMetadata()
              .addToAnnotations(
                  Annotations.WORKER_TOKEN_FINGERPRINT, WorkerToken.fingerprint(tokens.current()))
              .endMetadata()
              .build();
      client.resource(worker).create();
    }
    if (plan.create() > 0) {
      metrics.created(ns, poolName, plan.create());
    }
    if (plan.scaled()) {
      status.setLastScaleTime(now.toString());
      metrics.scaled(ns, poolName, plan.create() > 0 ? "up" : "down");
    }

    List<WorkerView> serving =
        views.stream()
            .filter(w -> w.phase() == WorkerView.Phase.SERVING && !plan.drain().contains(w.name()))
            .toList();
    int busy = (int) serving.stream().filter(w -> !w.idle()).count();
    int idle = serving.size() - busy;
    int current = views.size() - plan.delete().size() + plan.create();
    status.setCurrentSize(current);
    status.setDesiredSize(plan.desired());
    status.setIdlePods(idle);
    status.setBusyPods(busy);
    status.setQueueLength(queued);
    status.setPods(podStatuses(views, plan));
    metrics.observe(ns, poolName, current, plan.desired(), idle, busy, queued);

    boolean ready = !serving.isEmpty();
    String reason =
        paused
            ? ConditionReasons.PAUSED_FOR_CATALOG_JOB
            : ready ? ConditionReasons.WORKERS_AVAILABLE : ConditionReasons.WORKERS_STARTING;
    String message =
        paused
            ? "DuckDB-file catalog '"
                + catalogName
                + "' allows one process and a catalog Job needs it; queries fall back to Jobs"
            : serving.size() + " of " + plan.desired() + " workers serving";
    Conditions.set(status, ConditionTypes.READY, ready, reason, message, generation, clock);
    Conditions.set(
        status,
        ConditionTypes.WORKERS_READY,
        serving.size() >= plan.desired(),
        reason,
        message,
        generation,
        clock);
    status.setPhase(ready ? PoolPhase.Running : PoolPhase.Pending);
    boolean transition =
        plan.create() > 0
            || !plan.drain().isEmpty()
            || !plan.delete().isEmpty()
            || views.stream().anyMatch(w -> w.phase() != WorkerView.Phase.SERVING);
    return transition ? Math.min(interval, 1000) : interval;
  }

  private WorkerView view(Pod pod, Instant now, PoolTokens tokens) {
    String name = pod.getMetadata().getName();
    Instant created =
        pod.getMetadata().getCreationTimestamp() == null
            ? now
            : Instant.parse(pod.getMetadata().getCreationTimestamp());
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
      return WorkerView.gone(name, created);
    }
    if (tokens.isRevoked(pod)) {
      return WorkerView.revoked(name, created);
    }
    if (!WorkerPod.ready(pod)) {
      return WorkerView.starting(name, created);
    }
    Optional<WorkerClient.Report> report =
        workers.state(host(pod), WorkerPod.port(pod, podSettings.port()), tokens.of(pod));
    if (report.isEmpty()) {
      int failures = unreachable.merge(pod.getMetadata().getUid(), 1, Integer::sum);
      return failures >= UNREACHABLE_LIMIT
          ? WorkerView.gone(name, created)
          : WorkerView.starting(name, created);
    }
    unreachable.remove(pod.getMetadata().getUid());
    WorkerClient.Report r = report.get();
    return new WorkerView(
        name,
        created,
        r.draining() ? WorkerView.Phase.DRAINING : WorkerView.Phase.SERVING,
        r.active(),
        r.queriesServed(),
        r.lastUsedAt(),
        !tokens.isCurrent(pod));
  }

  private static String host(Pod pod) {
    return pod.getStatus().getPodIP();
  }

  private void delete(Pod pod, DuckLakePool pool, String reason) {
    if (pod == null) {
      return;
    }
    client.resource(pod).delete();
    unreachable.remove(pod.getMetadata().getUid());
    metrics.deleted(pod.getMetadata().getNamespace(), pool.getMetadata().getName(), reason);
    support
        .events()
        .normal(
            pool,
            "WorkerDeleted",
            "deleted worker " + pod.getMetadata().getName() + " (" + reason + ")");
  }

  private boolean catalogJobRunning(String ns, String catalog) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .withLabel(Labels.COMPONENT, WorkerJob.COMPONENT)
        .withLabel(Labels.CATALOG, catalog)
        .list()
        .getItems()
        .stream()
        .anyMatch(PoolReconciler::unfinished);
  }

  private static boolean unfinished(Job job) {
    return job.getStatus() == null
        || job.getStatus().getConditions() == null
        || job.getStatus().getConditions().stream()
            .noneMatch(
                c ->
                    ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()));
  }

  /**
   * Creates the pool's PodDisruptionBudget and NetworkPolicy if they are missing (checked at most
   * once per {@code guardRecheck}).
   */
  private void ensureGuards(DuckLakePool pool, Instant now) {
    Instant seen = guardsSeen.get(pool.getMetadata().getUid());
    if (seen != null && seen.plus(properties.guardRecheck()).isAfter(now)) {
      return;
    }
    PodDisruptionBudget desired = WorkerPod.disruptionBudget(pool);
    if (client.resource(desired).get() == null) {
      client.resource(desired).create();
    }
    if (properties.networkPolicy()) {
      NetworkPolicy fence =
          WorkerPod.networkPolicy(
              pool, properties.callersNamespace(), properties.callers(), podSettings.port());
      if (client.resource(fence).get() == null) {
        client.resource(fence).create();
      }
    }
    guardsSeen.put(pool.getMetadata().getUid(), now);
  }

  private List<PoolPodStatus> podStatuses(List<WorkerView> views, PoolPlan plan) {
    List<PoolPodStatus> result = new ArrayList<>();
    for (WorkerView w : views) {
      if (plan.delete().containsKey(w.name())) {
        continue;
      }
      PoolPodStatus p = new PoolPodStatus();
      p.setName(w.name());
      p.setCreatedAt(w.created().toString());
      p.setQueryCount(w.queriesServed());
      p.setState(
          switch (w.phase()) {
            case STARTING -> WorkerState.Acquiring;
            case SERVING ->
                plan.drain().contains(w.name())
                    ? WorkerState.Draining
                    : w.idle() ? WorkerState.Idle : WorkerState.Busy;
            case DRAINING -> WorkerState.Draining;
            case GONE, REVOKED -> WorkerState.Terminating;
          });
      if (w.phase() == WorkerView.Phase.SERVING || w.phase() == WorkerView.Phase.DRAINING) {
        p.setLastUsed(w.lastUsed().toString());
      }
      result.add(p);
    }
    return result;
  }

  private long notReady(
      DuckLakePoolStatus status, String reason, String message, long generation, long recheck) {
    Conditions.set(status, ConditionTypes.READY, false, reason, message, generation, clock);
    status.setPhase(
        ConditionReasons.INVALID_SPEC.equals(reason) ? PoolPhase.Failed : PoolPhase.Pending);
    return recheck;
  }

  private static String suffix() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      s.append(NAME_CHARS.charAt(RANDOM.nextInt(NAME_CHARS.length())));
    }
    return s.toString();
  }
}
