package io.saasagent.failover.policy;

import java.util.Map;

/**
 * A guard that said no, recorded with its reason.
 *
 * @param kind   the Decision kind: FailoverRefusedDrUnhealthy, FailoverRefusedCooldown, FailoverRefusedNoLease,
 *               FailoverRefusedNoQuorum, FailoverRefusedOwnership, FailoverRefusedRegion
 * @param result the outcome it counts as
 */
public record Refusal(String kind, Outcome result, String message, Map<String, Object> evidence) {
    static final String DR_UNHEALTHY = "FailoverRefusedDrUnhealthy";
    static final String COOLDOWN = "FailoverRefusedCooldown";
    public static final String NO_LEASE = "FailoverRefusedNoLease";
    static final String NO_QUORUM = "FailoverRefusedNoQuorum";
    static final String OWNERSHIP = "FailoverRefusedOwnership";
    public static final String REGION = "FailoverRefusedRegion";

    static Refusal drUnhealthy(String message, Map<String, Object> evidence) {
        return new Refusal(DR_UNHEALTHY, Outcome.REFUSED_DR_UNHEALTHY, message, evidence);
    }

    static Refusal cooldown(String message, Map<String, Object> evidence) {
        return new Refusal(COOLDOWN, Outcome.REFUSED_COOLDOWN, message, evidence);
    }

    public static Refusal noLease(String message) {
        return new Refusal(NO_LEASE, Outcome.REFUSED_NO_LEASE, message, Map.of());
    }

    public static Refusal noQuorum(String message, Map<String, Object> evidence) {
        return new Refusal(NO_QUORUM, Outcome.REFUSED_NO_QUORUM, message, evidence);
    }

    /** The region fence: a primary that has not refreshed its heartbeat, or a region that does not own the record. */
    public static Refusal region(String message, Map<String, Object> evidence) {
        return new Refusal(REGION, Outcome.REFUSED_REGION, message, evidence);
    }

    public static Refusal ownership(String message, Map<String, Object> evidence) {
        return new Refusal(OWNERSHIP, Outcome.REFUSED_OWNERSHIP, message, evidence);
    }
}
