package io.saasagent.failover.mode;

import io.saasagent.failover.incident.EngineContext;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.dns.DnsProvider;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.support.Sleeper;

import java.time.Instant;
import java.util.List;

/**
 * What the fleet does once the policy fired, by {@code agent.failover.mode}: dry-run says what it would
 * do, passive turns every agent's /health/failover to 503, active writes DNS. Called by the lease holder
 * only, from the engine's step, under its lock.
 */
public interface ModeAction {

    static ModeAction of(EngineContext engine, DnsProvider provider, Sleeper sleeper) {
        return switch (engine.settings().mode()) {
            case DRY_RUN -> new DryRunMode(engine, provider);
            case PASSIVE -> new PassiveMode(engine);
            case ACTIVE -> new ActiveMode(engine, provider, sleeper);
        };
    }

    /** A new incident opened: forget what the last one did. */
    default void opened() {
    }

    /** FIRED: carries the incident out once the guards pass (or says what it would do). */
    void carryOut(List<DependencySnapshot> snapshots, Instant now);

    /** FAILING_BACK, the primary healthy: the next step, or the end. */
    void failback(Instant now);

    /** FAILING_BACK, the primary failed during a hold: back to FAILED_OVER. */
    void abortFailback(Instant now, String why);

    /** Every holder step: verification, recovery, drift, pending write-backs. */
    default void observe(List<DependencySnapshot> snapshots, Instant now) {
    }

    /** This agent just took the lease: reads what DNS answers and adopts it. */
    default void adopt(Instant now) {
    }

    /** Whether failback is gradual (weighted records). */
    default boolean weighted() {
        return false;
    }

    /** /health/failover in this fleet state. */
    default boolean endpointHealthy(FailoverState state) {
        return true;
    }
}
