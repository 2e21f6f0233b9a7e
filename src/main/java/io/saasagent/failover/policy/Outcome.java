package io.saasagent.failover.policy;

import java.util.Locale;

/** What one failover attempt came to: the {@code result} label of {@code saas_failover_total}. */
public enum Outcome {
    WRITTEN, UNCHANGED, DRY_RUN, PASSIVE, REFUSED_DR_UNHEALTHY, REFUSED_COOLDOWN, REFUSED_NO_LEASE, REFUSED_NO_QUORUM,
    REFUSED_OWNERSHIP, FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
