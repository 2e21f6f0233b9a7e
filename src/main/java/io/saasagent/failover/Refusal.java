package io.saasagent.failover;

import java.util.Map;

/**
 * A guard that said no, recorded with its reason.
 *
 * @param kind   the Decision kind: FailoverRefusedDrUnhealthy, FailoverRefusedCooldown, FailoverRefusedNoLease,
 *               FailoverRefusedNoQuorum, FailoverRefusedOwnership
 * @param result the {@code result} label of {@code saas_failover_total}
 */
record Refusal(String kind, String result, String message, Map<String, Object> evidence) {
    static final String DR_UNHEALTHY = "FailoverRefusedDrUnhealthy";
    static final String COOLDOWN = "FailoverRefusedCooldown";
    static final String NO_LEASE = "FailoverRefusedNoLease";
    static final String NO_QUORUM = "FailoverRefusedNoQuorum";
    static final String OWNERSHIP = "FailoverRefusedOwnership";

    static Refusal drUnhealthy(String message, Map<String, Object> evidence) {
        return new Refusal(DR_UNHEALTHY, "refused_dr_unhealthy", message, evidence);
    }

    static Refusal cooldown(String message, Map<String, Object> evidence) {
        return new Refusal(COOLDOWN, "refused_cooldown", message, evidence);
    }

    static Refusal noLease(String message) {
        return new Refusal(NO_LEASE, "refused_no_lease", message, Map.of());
    }

    static Refusal noQuorum(String message, Map<String, Object> evidence) {
        return new Refusal(NO_QUORUM, "refused_no_quorum", message, evidence);
    }

    static Refusal ownership(String message, Map<String, Object> evidence) {
        return new Refusal(OWNERSHIP, "refused_ownership", message, evidence);
    }
}
