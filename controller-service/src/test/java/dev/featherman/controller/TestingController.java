package dev.featherman.controller;

import dev.featherman.controller.config.ControllerConfiguration;
import dev.featherman.controller.config.ControllerProperties;
import dev.featherman.operator.OperatorService;
import dev.featherman.operator.OperatorServiceConfiguration;
import dev.featherman.operator.ReconcileSupport;
import dev.featherman.operator.jobs.OperationJobs;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/** The controller-service's beans wired as Spring wires them, without Spring, on {@code client}. */
final class TestingController {
  final Operator operator;
  final SmartLifecycle lifecycle;

  TestingController(KubernetesClient client, ControllerProperties p) {
    OperatorServiceConfiguration shared = new OperatorServiceConfiguration();
    ControllerConfiguration wiring = new ControllerConfiguration();
    OperatorService service = wiring.operatorService(p);
    Clock clock = shared.clock();
    ReconcileSupport support =
        shared.reconcileSupport(
            client,
            shared.eventRecorder(client, clock, service),
            new SimpleMeterRegistry(),
            clock,
            service);
    OperationJobs jobs = wiring.operationJobs(client, p);
    operator =
        shared.operator(
            client,
            service,
            List.of(
                wiring.catalogReconciler(client, p, jobs, clock, support),
                wiring.tableReconciler(client, p, jobs, clock, support)));
    lifecycle = shared.operatorLifecycle(operator, client, service);
  }
}
