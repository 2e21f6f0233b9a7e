package io.saasagent.probe;

import io.saasagent.support.Redactor;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one result object of a probe. {@code UP} and {@code DEGRADED} are successes (the dependency
 * answered); {@code DOWN} is a failure. {@code error} is already redacted, so a result may be stored
 * and shown as it is.
 *
 * @param details      type-specific facts (server, RTT, backends/max, ...): JSON-friendly values only (null allowed)
 * @param failureClass what a DOWN result means (outage or rejected); null for a success
 */
public record ProbeResult(Outcome outcome, Duration latency, String error, Map<String, Object> details, Instant at,
                          FailureClass failureClass) {

    public enum Outcome { UP, DEGRADED, DOWN }

    public ProbeResult {
        error = Redactor.redact(error);
        // Unmodifiable but null-tolerant: a fact may be known to be absent (no replicas: replication lag null).
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
        failureClass = outcome == Outcome.DOWN ? (failureClass == null ? FailureClass.OUTAGE : failureClass) : null;
    }

    /** A result whose failure, if any, is an outage (the class of every failure not known to be a rejection). */
    public ProbeResult(Outcome outcome, Duration latency, String error, Map<String, Object> details, Instant at) {
        this(outcome, latency, error, details, at, null);
    }

    public boolean success() {
        return outcome != Outcome.DOWN;
    }

    public static ProbeResult up(Duration latency, Map<String, Object> details, Instant at) {
        return new ProbeResult(Outcome.UP, latency, null, details, at);
    }

    /** Answered, but over a budget: {@code reason} says which. */
    public static ProbeResult degraded(Duration latency, String reason, Map<String, Object> details, Instant at) {
        return new ProbeResult(Outcome.DEGRADED, latency, reason, details, at);
    }

    public static ProbeResult down(Duration latency, String reason, Map<String, Object> details, Instant at) {
        return new ProbeResult(Outcome.DOWN, latency, reason, details, at, FailureClass.OUTAGE);
    }

    /** Refused by the dependency (credentials, authorization, TLS trust, a 4xx): unhealthy, but no outage. */
    public static ProbeResult rejected(Duration latency, String reason, Map<String, Object> details, Instant at) {
        return new ProbeResult(Outcome.DOWN, latency, reason, details, at, FailureClass.REJECTED);
    }

    public static ProbeResult failed(FailureClass failureClass, Duration latency, String reason, Map<String, Object> details, Instant at) {
        return new ProbeResult(Outcome.DOWN, latency, reason, details, at, failureClass);
    }
}
