package io.saasagent.failover.policy;

import java.util.Locale;

/**
 * What one failover attempt came to: the {@code result} label of {@code saas_failover_total}. REFUSED_REGION: the
 * region fence (a fenced primary, a standby that does not own the record); CAS_LOST: a region swap lost its
 * compare-and-set (another writer moved first).
 */
public enum Outcome {
    WRITTEN, UNCHANGED, DRY_RUN, PASSIVE, REFUSED_DR_UNHEALTHY, REFUSED_COOLDOWN, REFUSED_NO_LEASE, REFUSED_NO_QUORUM,
    REFUSED_OWNERSHIP, REFUSED_REGION, CAS_LOST, FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
