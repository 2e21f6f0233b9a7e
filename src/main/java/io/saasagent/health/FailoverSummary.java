package io.saasagent.health;

import java.util.Map;

/**
 * The {@code failover} section of /health/saas and the failover health checker's verdict, provided
 * by {@code io.saasagent.failover.FailoverService}.
 */
public interface FailoverSummary {

    /** JSON-friendly summary: state, mode, leader, ... */
    Map<String, Object> summary();

    /** False once the policy fired in passive mode: /health/failover then answers 503. */
    boolean failoverEndpointHealthy();

    /** What that verdict rests on ("fleet record", or "own view: ..." when the record cannot be read); null when not known. */
    default String failoverEndpointBasis() {
        return null;
    }

    /** Why the failover engine counts as stalled (no step completed for 3 ticks): liveness fails; empty while it keeps up. */
    default java.util.Optional<String> stalled() {
        return java.util.Optional.empty();
    }
}
