package io.saasagent.failover;

import io.saasagent.failover.incident.EngineContext;
import io.saasagent.failover.policy.FailoverMode;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.DependencyStatus;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What an agent says when it cannot reach the fleet's record or lease (the Kubernetes API down, RBAC
 * broken): a passive agent's /health/failover answers from its own view of the dependencies that feed
 * failover, never a blind 200; and when the policy fires while no agent can confirm the lease, the agents
 * page once for the fleet ({@code nobody_can_act}, one shared key), resolved when one can act again.
 */
final class ApiOutage {
    private final EngineContext ctx;
    private final Supplier<List<DependencySnapshot>> snapshots;
    private Instant since;
    private volatile boolean paged;

    ApiOutage(EngineContext ctx, Supplier<List<DependencySnapshot>> snapshots) {
        this.ctx = ctx;
        this.snapshots = snapshots;
    }

    /** Whether /health/failover answers from this agent's own view: passive, and the record not readable now. */
    boolean ownView() {
        return ctx.settings().mode() == FailoverMode.PASSIVE && !ctx.keeper().readable();
    }

    /**
     * The dependencies feeding failover that are down from an outage, or not yet known, as this agent sees them:
     * a pod started while the record cannot be read says 503 until its own probes say otherwise.
     */
    List<String> ownViewDown() {
        return snapshots.get().stream().filter(s -> ctx.rules().primary(s) && (s.outage() || s.status() == DependencyStatus.UNKNOWN))
                .map(s -> s.status() == DependencyStatus.UNKNOWN ? s.name() + " (not probed yet)" : s.name()).toList();
    }

    String basis() {
        if (!ownView()) {
            return "fleet record";
        }
        List<String> down = ownViewDown();
        return "own view: the failover record cannot be read (" + ctx.keeper().problem() + "); "
                + (down.isEmpty() ? "every dependency that feeds failover is up" : String.join(", ", down) + " down");
    }

    /** Whether the nobody_can_act page is open on this agent. */
    boolean paging() {
        return paged;
    }

    /** Each step: the policy wants to act, this agent does not hold the lease, and it cannot confirm any lease. */
    void observe(boolean holder, Instant now) {
        List<String> firing = ctx.rules().firingFailoverRules();
        FailoverState state = ctx.machine().state();
        Optional<String> why = ctx.coordinator().leaseUnconfirmable();
        boolean stuck = !holder && !firing.isEmpty() && why.isPresent()
                && (state == FailoverState.ARMED || state == FailoverState.FIRED || state == FailoverState.FAILING_OVER);
        if (!stuck) {
            since = null;
            if (paged) {
                paged = false;
                ctx.journal().record("NobodyCanActResolved", "the lease can be confirmed again or the policy no longer fires", Map.of());
                ctx.journal().fleetPage("nobody_can_act", "info", false, "an agent can act on the failover policy again", Map.of());
            }
            return;
        }
        if (since == null) {
            since = now;
        }
        if (!paged && !now.isBefore(since.plus(ctx.settings().verifyInterval()))) {
            paged = true;
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("firing", firing);
            evidence.put("lease", why.get());
            evidence.put("fleet_state", state.id());
            evidence.put("agent", ctx.coordinator().identity());
            evidence.put("since", since.toString());
            String line = "the failover policy fires (" + String.join(", ", firing) + ") and no agent can confirm the lease ("
                    + why.get() + ") since " + since + ": nobody can fail over; act by hand (runbook: nobody can act)";
            ctx.journal().record("NobodyCanAct", line, evidence);
            ctx.journal().fleetPage("nobody_can_act", "critical", true, line, evidence);
        }
    }
}
