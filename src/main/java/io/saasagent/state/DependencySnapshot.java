package io.saasagent.state;

import io.saasagent.config.DependencyType;
import io.saasagent.probe.FailureClass;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * An immutable picture of one dependency, replaced after every probe. Readers (endpoints, metrics,
 * the failover policy) take it without locking, so they never wait on a probe.
 */
public record DependencySnapshot(
        String name,
        DependencyType type,
        boolean critical,
        DependencyStatus status,
        CircuitState circuit,
        int consecutiveFailures,
        int consecutiveSuccesses,
        Duration latency,
        Instant lastSuccess,
        Instant lastFailure,
        String lastError,
        /** When the current run of failures began (null while the last probe succeeded). */
        Instant failingSince,
        Map<String, Object> details,
        WindowStats window,
        long probes,
        /** Whether it feeds the dns_failover rules (its {@code failover} key; default: critical, but not nats). */
        boolean failover,
        /** The class of the last failure, while failing or still down from it (null once up again). */
        FailureClass failureClass) {

    /** A snapshot whose failover flag is its critical flag and whose failures, if any, are outages. */
    public DependencySnapshot(String name, DependencyType type, boolean critical, DependencyStatus status, CircuitState circuit,
                              int consecutiveFailures, int consecutiveSuccesses, Duration latency, Instant lastSuccess,
                              Instant lastFailure, String lastError, Instant failingSince, Map<String, Object> details,
                              WindowStats window, long probes) {
        this(name, type, critical, status, circuit, consecutiveFailures, consecutiveSuccesses, latency, lastSuccess, lastFailure,
                lastError, failingSince, details, window, probes, critical,
                consecutiveFailures > 0 || status == DependencyStatus.UNHEALTHY || status == DependencyStatus.CIRCUIT_OPEN
                        ? FailureClass.OUTAGE : null);
    }

    /** Down because the dependency is away, not because it refuses us: what may move a region. */
    public boolean outage() {
        return down() && failureClass == FailureClass.OUTAGE;
    }

    /** Down because the dependency refuses our credentials, trust or request: rotate, do not fail over. */
    public boolean rejected() {
        return down() && failureClass == FailureClass.REJECTED;
    }

    /** Counts as up for {@code saas_dependency_up}: answering, however slowly. */
    public boolean up() {
        return status == DependencyStatus.HEALTHY || status == DependencyStatus.DEGRADED;
    }

    /** What turns /health/saas 503 when the dependency is critical. */
    public boolean down() {
        return status == DependencyStatus.UNHEALTHY || status == DependencyStatus.CIRCUIT_OPEN;
    }
}
