package io.saasagent.failover.control;

import io.saasagent.failover.incident.EngineContext;
import io.saasagent.failover.policy.FailoverMode;
import io.saasagent.failover.record.FailbackPlan;
import io.saasagent.failover.record.FailoverRecord;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.failover.record.OperatorRequest;
import io.saasagent.failover.record.RecordRequests;
import io.saasagent.coordination.RecordStore;
import io.saasagent.support.Redactor;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The operator's calls: carried out by the lease holder, queued in the fleet's record by any other
 * agent. A request is carried out once: the holder removes it from the record and remembers its id,
 * so a write that lost a race and merges the stored requests back never replays it.
 */
public final class Controls {
    private static final int REMEMBERED = 200;

    private final EngineContext e;
    private final RecordRequests requests;
    private final Deque<String> consumed = new ArrayDeque<>();

    public Controls(EngineContext engine) {
        this.e = engine;
        this.requests = new RecordRequests(engine.coordinator().recordStore());
    }

    /** A non-holder's answer: the request is in the record (202), or it could not be put there. */
    public ControlAnswer queue(String action, String actor, Instant now) {
        OperatorRequest q = OperatorRequest.of(action, actor, e.coordinator().identity(), now, e.settings().requestTtl());
        String holder = e.coordinator().holder().orElse(null);
        try {
            requests.submit(q);
        } catch (RecordStore.Unavailable | RuntimeException ex) {
            String why = Redactor.redact(ex.getMessage());
            e.journal().entry("OperatorRefused", "operator " + actor + " " + action + ": cannot queue it for the holder: " + why,
                    Map.of("action", action, "actor", actor));
            return ControlAnswer.refused(action, "cannot queue the request for the lease holder: " + why, e.machine().state());
        }
        e.journal().entry("RequestQueued", "operator " + actor + " " + action + ": queued as " + q.id() + " for the lease holder "
                + (holder == null ? "(unknown now)" : holder), q.view());
        return ControlAnswer.queued(action, q, holder, e.machine().state());
    }

    /** The holder carries out the queued requests: each once, none after it expired. */
    public void carryOutRequests(Instant now) {
        for (OperatorRequest q : List.copyOf(e.record().requests)) {
            e.record().requests.remove(q);
            remember(q.id());
            if (q.expired(now)) {
                e.journal().record("RequestExpired", "request " + q.id() + " (" + q.action() + " by " + q.actor() + " via " + q.via()
                        + ") expired at " + q.expires() + ": not carried out", q.view());
                continue;
            }
            ControlAnswer a = apply(q.action(), q.actor() + " via " + q.via(), now);
            e.journal().record("RequestCarriedOut", "request " + q.id() + " (" + q.action() + " via " + q.via() + "): " + a.message(),
                    Map.of("request", q.id(), "accepted", a.accepted()));
        }
    }

    /** After a lost race: the stored requests this holder has not carried out yet join its own. */
    public void mergeRequests(FailoverRecord stored) {
        stored.requests.stream()
                .filter(q -> !consumed.contains(q.id()) && e.record().requests.stream().noneMatch(m -> m.id().equals(q.id())))
                .forEach(e.record().requests::add);
    }

    /** A new holder's record may still list what this agent carried out in an earlier term. */
    public void forgetConsumed(FailoverRecord r) {
        r.requests.removeIf(q -> consumed.contains(q.id()));
    }

    public ControlAnswer apply(String action, String actor, Instant now) {
        ControlAnswer a = switch (action) {
            case "trigger" -> trigger(actor, now);
            case "failback" -> failback(actor);
            case "arm" -> arm(actor);
            case "disarm" -> disarm(actor, now);
            default -> throw new IllegalArgumentException("unknown action " + action);
        };
        e.journal().entry(a.accepted() ? "OperatorAccepted" : "OperatorRefused", "operator " + actor + " " + action + ": " + a.message(),
                Map.of("action", action, "actor", actor));
        return a;
    }

    private ControlAnswer trigger(String actor, Instant now) {
        FailoverState s = e.machine().state();
        if (s == FailoverState.DISARMED) {
            return ControlAnswer.refused("trigger", "the policy is disarmed: arm it first", s);
        }
        if (s != FailoverState.ARMED && s != FailoverState.FIRED) {
            return ControlAnswer.refused("trigger", "already " + s.id(), s);
        }
        if (s == FailoverState.ARMED) {
            e.incidents().open("manual", true, "operator trigger by " + actor, null, List.of(), now);
        } else {
            e.record().incident.manual = true;
        }
        e.record().incident.triggeredAt = now;
        return ControlAnswer.done("trigger", "failover requested", e.machine().state());
    }

    private ControlAnswer failback(String actor) {
        FailoverState s = e.machine().state();
        if (s != FailoverState.FAILED_OVER) {
            return ControlAnswer.refused("failback", "nothing to fail back: state " + s.id(), s);
        }
        List<String> down = e.primaryDown(e.snapshots(null));
        if (!down.isEmpty()) {
            return ControlAnswer.refused("failback", "the primary is not healthy: " + String.join(", ", down) + " down", s);
        }
        boolean weighted = e.settings().mode() == FailoverMode.ACTIVE && e.weighted();
        e.record().failback = new FailbackPlan(weighted, e.settings().failbackSteps());
        e.record().writeBackPending = false;
        e.machine().transition(FailoverState.FAILING_BACK, "operator " + actor);
        e.journal().record("FailbackStarted", weighted ? "gradual failback " + e.settings().failbackSteps() + "% each held "
                + e.settings().failbackHold().toSeconds() + " s" : "direct failback to " + e.settings().primaryTarget(),
                Map.of("actor", actor, "weighted", weighted));
        return ControlAnswer.done("failback", "failback started", e.machine().state());
    }

    /** Back to where the fleet was disarmed: failed over stays failed over (the holder then reads DNS again). */
    private ControlAnswer arm(String actor) {
        if (e.machine().state() != FailoverState.DISARMED) {
            return ControlAnswer.refused("arm", "already armed (state " + e.machine().state().id() + ")", e.machine().state());
        }
        FailoverState from = e.record().disarmedFrom;
        boolean away = from == FailoverState.FAILED_OVER || from == FailoverState.FAILING_BACK || from == FailoverState.FAILING_OVER;
        e.machine().transition(away ? FailoverState.FAILED_OVER : FailoverState.ARMED, "operator " + actor);
        e.record().disarmedBy = null;
        e.record().disarmedAt = null;
        e.record().disarmedFrom = null;
        return ControlAnswer.done("arm", away ? "armed: failed over, as when disarmed" : "armed", e.machine().state());
    }

    /**
     * From any state: nothing moves until arm (no failover, failback or drift repair). Disarmed while failed over,
     * the incident stays open and traffic stays where it is; before anything moved, the incident ends.
     */
    private ControlAnswer disarm(String actor, Instant now) {
        FailoverState s = e.machine().state();
        if (!e.machine().can(FailoverState.DISARMED)) {
            return ControlAnswer.refused("disarm", "already disarmed", s);
        }
        e.machine().transition(FailoverState.DISARMED, "operator " + actor);
        e.record().disarmedBy = actor;
        e.record().disarmedAt = now;
        e.record().disarmedFrom = s;
        if (s == FailoverState.ARMED || s == FailoverState.FIRED) {
            e.incidents().close("disarmed by " + actor, now);
        } else {
            e.record().failback = null; // a failback in progress stops where it is; arm reads DNS again
        }
        return ControlAnswer.done("disarm", "disarmed: rules are still evaluated and alerted, nothing moves until arm"
                + (s == FailoverState.ARMED || s == FailoverState.FIRED ? "" : " (traffic stays where it is: " + s.id() + ")"), e.machine().state());
    }

    private void remember(String id) {
        consumed.addLast(id);
        if (consumed.size() > REMEMBERED) {
            consumed.removeFirst();
        }
    }
}
