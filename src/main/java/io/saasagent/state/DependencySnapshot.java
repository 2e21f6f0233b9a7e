package io.saasagent.state;

import io.saasagent.probe.DependencyType;

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
        long probes) {

    /** Counts as up for {@code saas_dependency_up}: answering, however slowly. */
    public boolean up() {
        return status == DependencyStatus.HEALTHY || status == DependencyStatus.DEGRADED;
    }

    /** What turns /health/saas 503 when the dependency is critical. */
    public boolean down() {
        return status == DependencyStatus.UNHEALTHY || status == DependencyStatus.CIRCUIT_OPEN;
    }
}
