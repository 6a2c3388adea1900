package dev.featherman.operator;

import java.util.Set;

/**
 * What a leader-elected service tells the wiring it shares with the others ({@link
 * OperatorServiceConfiguration}).
 *
 * @param component the Events' reporting component, e.g. featherman-controller-service
 * @param metricsName the service's part of its metric names, e.g. controller
 * @param namespaces the namespaces its reconcilers watch (all when empty)
 * @param election its Lease settings
 * @param foreignStatusFields status fields another service owns, which its status writes keep
 */
public record OperatorService(
    String component,
    String metricsName,
    Set<String> namespaces,
    Operators.LeaderElection election,
    Set<String> foreignStatusFields) {}
