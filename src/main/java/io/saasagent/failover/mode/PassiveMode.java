package io.saasagent.failover.mode;

import io.saasagent.failover.incident.EngineContext;
import io.saasagent.failover.policy.Outcome;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.state.DependencySnapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Passive: the DNS provider's own health checker moves the record when /health/failover answers 503.
 * The holder flips the fleet's state after the same guards as active mode (DR target healthy,
 * cooldown, lease, quorum), so one pod's broken network never shows a 503; every agent answers the
 * fleet's state, until failback, across restarts.
 */
final class PassiveMode implements ModeAction {
    private final EngineContext e;

    PassiveMode(EngineContext engine) {
        this.e = engine;
    }

    @Override
    public void carryOut(List<DependencySnapshot> snapshots, Instant now) {
        if (e.incidents().refused(snapshots, now)) {
            return;
        }
        e.machine().transition(FailoverState.FAILING_OVER, "guards passed (DR target healthy, cooldown over, leader"
                + (e.record().incident.manual ? ", operator trigger" : ", quorum") + ")");
        e.machine().transition(FailoverState.FAILED_OVER, "/health/failover answers 503 on every agent until failback");
        e.record().lastFailoverAt = now;
        e.count(Outcome.PASSIVE);
        e.journal().record("PassiveSignalled", "/health/failover answers 503 on every agent until failback",
                Map.of("rule", e.record().incident.rule));
        e.journal().page("written", "critical", "failed over (passive): /health/failover answers 503 until failback", Map.of());
    }

    @Override
    public void failback(Instant now) {
        e.incidents().finishFailback(now, "passive: /health/failover answers 200 again");
    }

    @Override
    public void abortFailback(Instant now, String why) {
        e.machine().transition(FailoverState.FAILED_OVER, "failback aborted: " + why);
        e.record().failback = null;
    }

    @Override
    public boolean endpointHealthy(FailoverState state) {
        if (state == FailoverState.DISARMED) { // disarmed while failed over: traffic stays on the DR region
            FailoverState from = e.record().disarmedFrom;
            return from != FailoverState.FAILING_OVER && from != FailoverState.FAILED_OVER && from != FailoverState.FAILING_BACK;
        }
        return state != FailoverState.FAILING_OVER && state != FailoverState.FAILED_OVER;
    }
}
