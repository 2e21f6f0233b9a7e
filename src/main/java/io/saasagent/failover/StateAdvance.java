package io.saasagent.failover;

import io.saasagent.failover.incident.EngineContext;
import io.saasagent.failover.mode.ModeAction;
import io.saasagent.failover.policy.PolicyRules;
import io.saasagent.failover.policy.RuleEvaluation;
import io.saasagent.failover.region.RegionStep;
import io.saasagent.state.DependencySnapshot;

import java.time.Instant;
import java.util.List;

/**
 * The holder's move of the fleet's state in one engine step, by the state it is in: armed opens an incident when a
 * failover rule fires (or the fleet's quorum does) and attempts; fired attempts again until idle; failing back
 * advances the failback (the region's swap first) unless an outage aborts it. Used under the engine's lock.
 */
final class StateAdvance {
    private final EngineContext ctx;
    private final PolicyRules rules;
    private final ModeAction mode;
    private final RegionStep region;

    StateAdvance(EngineContext ctx, ModeAction mode, RegionStep region) {
        this.ctx = ctx;
        this.rules = ctx.rules();
        this.mode = mode;
        this.region = region;
    }

    void advance(List<DependencySnapshot> snaps, Instant now) {
        switch (ctx.machine().state()) {
            case ARMED -> {
                List<String> firing = rules.firingFailoverRules();
                if (!firing.isEmpty()) {
                    RuleEvaluation e = rules.current().get(firing.get(0));
                    ctx.incidents().open(e.rule().name(), false, e.reason(), e.firstFailure(), e.involved(), now);
                    attempt(snaps, now);
                } else if (ctx.incidents().openForFleet(now)) {
                    attempt(snaps, now);
                }
            }
            case FIRED -> {
                if (!ctx.incidents().idle(snaps, now)) {
                    attempt(snaps, now);
                }
            }
            case FAILING_BACK -> {
                // Only an outage aborts; a rejection or a dependency not yet known holds the step (neither write nor abort).
                List<String> down = snaps.stream().filter(s -> rules.primary(s) && s.outage()).map(DependencySnapshot::name).toList();
                if (!down.isEmpty()) {
                    mode.abortFailback(now, String.join(", ", down) + " down");
                } else if (ctx.incidents().failbackMayAdvance(snaps, now) && !region.failback(now)) {
                    mode.failback(now);
                }
            }
            default -> {
                // FAILED_OVER: the mode's observe() verifies and watches; DISARMED: nothing moves.
            }
        }
    }

    private void attempt(List<DependencySnapshot> snaps, Instant now) {
        if (ctx.incidents().mayAttempt(now)) {
            mode.carryOut(snaps, now);
        }
    }
}
