package io.saasagent.failover.record;

import java.util.Locale;

/**
 * The failover state machine's states, with the value of the {@code saas_failover_state} gauge.
 * The allowed moves between them are in {@link FailoverStateMachine}.
 */
public enum FailoverState {
    /** Watching: a dns_failover rule firing moves to FIRED. */
    ARMED(0),
    /** A dns_failover rule fired (or an operator triggered): guards are checked, nothing written yet. */
    FIRED(1),
    /** Guards passed; the DNS change is being written. */
    FAILING_OVER(2),
    /** The record answers the DR target (passive: /health/failover answers 503). Stays until failback by hand. */
    FAILED_OVER(3),
    /** An operator asked for failback; steps are being written and held. */
    FAILING_BACK(4),
    /** An operator disarmed the policy: rules are still evaluated and alerted, nothing moves. */
    DISARMED(5);

    private final int gauge;

    FailoverState(int gauge) {
        this.gauge = gauge;
    }

    public int gauge() {
        return gauge;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
