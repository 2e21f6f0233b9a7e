package io.saasagent.failover.incident;

import io.saasagent.failover.policy.FailoverMode;
import io.saasagent.failover.policy.MirrorLags;
import io.saasagent.failover.policy.Refusal;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.failover.record.Incident;
import io.saasagent.config.DependencyType;
import io.saasagent.state.DependencySnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The incident in the fleet's record: opened (rule or operator), refused by a guard (recorded once per
 * reason, retried a second later), closed (failback completed, resolved before anything moved,
 * disarmed), each a decision in the timeline and a page on its own key.
 */
public final class Incidents {
    /** After a guard refused, the next attempt waits this long (every probe result would ask again). */
    private static final Duration REFUSED_RETRY = Duration.ofSeconds(1);

    private final EngineContext e;
    private String lastRefusal;
    private String lastHold;
    /** Per dependency of the open incident: its probe count when it was last seen down (clear since then). */
    private final Map<String, Long> clearSince = new java.util.HashMap<>();
    private Instant retryAt = Instant.MIN;

    Incidents(EngineContext engine) {
        this.e = engine;
    }

    public boolean mayAttempt(Instant now) {
        return !now.isBefore(retryAt);
    }

    public void open(String rule, boolean manual, String reason, Instant firstFailure, List<String> dependencies, Instant now) {
        e.record().incidents++;
        e.record().incident = new Incident("incident-" + e.record().incidents + "-" + now.getEpochSecond(), rule, manual, reason, now,
                firstFailure, dependencies, MirrorLags.all(e.snapshots(null).stream().filter(s -> s.type() == DependencyType.NATS).toList()));
        e.journal().follow(e.record().incident);
        lastRefusal = null;
        retryAt = Instant.MIN;
        clearSince.clear();
        e.opened();
        e.machine().transition(FailoverState.FIRED, (manual ? "" : "rule ") + rule + ": " + reason);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("rule", rule);
        evidence.put("manual", manual);
        evidence.put("reason", reason);
        evidence.put("dependencies", dependencies);
        evidence.put("first_failed_probe", Incident.iso(firstFailure));
        evidence.put("detection_seconds", Incident.seconds(e.record().incident.detection()));
        e.journal().record("FailoverFired", "failover policy fired: " + reason, evidence);
        e.journal().page("fired", "critical", "failover policy fired (" + e.settings().mode().id() + "): " + reason, evidence);
    }

    /**
     * FIRED: true when this step carries nothing out. A trigger not carried out within request-ttl ends
     * ({@code TriggerExpired}, paged): a trigger refused at 02:00 never fails a healthy primary over at 09:00. An
     * incident of the rules whose rules stopped firing waits, and ends only once each of its dependencies has been
     * clear of an outage (up, or refusing the agent) for its success-threshold probes since (a flapping dependency is one incident and one page; a new holder
     * whose dependencies are still unknown never ends the incident it adopted).
     */
    public boolean idle(List<DependencySnapshot> snaps, Instant now) {
        Incident incident = e.record().incident;
        if (incident == null || !incident.open()) { // a record that says fired with no open incident: nothing to carry out
            e.machine().transition(FailoverState.ARMED, "fired without an open incident");
            return true;
        }
        if (incident.manual) {
            Instant triggered = incident.triggeredAt != null ? incident.triggeredAt : incident.firedAt;
            if (now.isBefore(triggered.plus(e.settings().requestTtl()))) {
                return false;
            }
            expireTrigger(incident, triggered, now);
            return true;
        }
        if (!e.rules().firingFailoverRules().isEmpty() || !fleetDown().isEmpty()) {
            clearSince.clear();
            return false;
        }
        if (clearFor(incident, snaps)) {
            e.machine().transition(FailoverState.ARMED, "rule " + incident.rule + " resolved before any failover");
            close("resolved before failover", now);
        }
        return true;
    }

    private boolean clearFor(Incident incident, List<DependencySnapshot> snaps) {
        boolean clear = true;
        for (String name : incident.dependencies) {
            DependencySnapshot s = snaps.stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
            // Clear: answering (a failure below the threshold is no clear probe), or refusing the agent, which is
            // no outage; unknown (a new holder's first probes) is not clear.
            boolean clearNow = s != null && ((s.up() && s.consecutiveFailures() == 0) || s.rejected());
            if (!clearNow) {
                clearSince.remove(name);
                clear = false;
                continue;
            }
            long since = clearSince.computeIfAbsent(name, n -> s.probes());
            clear &= s.probes() - since >= e.settings().successThreshold(name);
        }
        return clear;
    }

    private void expireTrigger(Incident incident, Instant triggered, Instant now) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("triggered_at", triggered.toString());
        evidence.put("request_ttl_seconds", e.settings().requestTtl().toSeconds());
        evidence.put("last_refusal", lastRefusal);
        evidence.values().removeIf(java.util.Objects::isNull);
        String line = "operator trigger of " + triggered + " not carried out within request-ttl (" + e.settings().requestTtl().toSeconds()
                + " s" + (lastRefusal == null ? "" : ", last refused: " + lastRefusal) + "): it ends, nothing is written";
        e.journal().record("TriggerExpired", line, evidence);
        e.journal().page("trigger_expired", "warning", line, evidence);
        if ("manual".equals(incident.rule)) {
            e.machine().transition(FailoverState.ARMED, "trigger expired");
            close("trigger expired", now);
        } else {
            incident.manual = false; // the rule's own incident goes on under its own guards (cooldown, quorum)
            incident.triggeredAt = null;
            lastRefusal = null;
        }
    }

    public void close(String because, Instant now) {
        Incident incident = e.record().incident;
        if (incident != null && incident.open()) {
            e.journal().resolved("incident over: " + because);
            incident.closedAt = now;
            incident.closedBecause = because;
        }
        e.record().failback = null;
        e.record().writeBackPending = false;
    }

    /**
     * ARMED, no rule of this agent's firing: the holder acts on the quorum's view, its own healthy view one vote.
     * Opens the incident for what a quorum sees down; true when it did.
     */
    public boolean openForFleet(Instant now) {
        List<String> down = fleetDown(); // only what an enabled dns_failover rule looks at
        String rule = e.rules().current().values().stream().filter(r -> r.rule().failover()).map(r -> r.rule().name()).findFirst().orElse(null);
        if (down.isEmpty() || rule == null) {
            return false;
        }
        open(rule, false, "a quorum of the agents sees " + String.join(", ", down) + " down from an outage ("
                + e.coordinator().identity() + " itself does not)", null, down, now);
        return true;
    }

    /** What the quorum is asked about: the incident's dependencies, those this agent sees down now, the fleet's view. */
    public List<String> voteOn(List<DependencySnapshot> snaps) {
        java.util.Set<String> deps = new java.util.LinkedHashSet<>(e.record().incident.dependencies);
        snaps.stream().filter(s -> e.rules().primary(s) && s.outage()).forEach(s -> deps.add(s.name()));
        deps.addAll(fleetDown());
        return List.copyOf(deps);
    }

    /** The quorum's view, limited to what this agent's dns_failover rules look at (a disabled rule moves nothing). */
    private List<String> fleetDown() {
        List<String> down = e.guards().fleetDown();
        if (down.isEmpty()) {
            return down;
        }
        List<DependencySnapshot> snaps = e.snapshots(null);
        return down.stream().filter(d -> e.rules().failoverWatches(d, snaps)).toList();
    }

    /** Runs the guards; records a refusal once per distinct reason. True when refused. */
    public boolean refused(List<DependencySnapshot> snaps, Instant now) {
        Refusal r = e.guards().check(snaps, now, e.record().lastFailoverAt, voteOn(snaps), e.record().incident.manual);
        if (r == null) {
            lastRefusal = null;
            return false;
        }
        refuse(r);
        retryAt = now.plus(REFUSED_RETRY);
        return true;
    }

    public void refuse(Refusal r) {
        if (r.kind().equals(lastRefusal)) {
            return;
        }
        lastRefusal = r.kind();
        e.count(r.result());
        String prefix = e.settings().mode() == FailoverMode.DRY_RUN ? "dry-run: would refuse: " : "failover refused: ";
        e.journal().record(r.kind(), prefix + r.message(), r.evidence());
        if (!Refusal.NO_LEASE.equals(r.kind())) {
            e.journal().page("refused", "warning", prefix + r.message(), r.evidence());
        }
    }

    /**
     * FAILING_BACK without an outage: the step advances only while every primary dependency is up. A rejected
     * credential (or a dependency not yet probed) holds it, its hold starting again, recorded once per reason: it is
     * no outage, so never an abort.
     */
    public boolean failbackMayAdvance(List<DependencySnapshot> snaps, Instant now) {
        List<String> held = snaps.stream().filter(s -> e.rules().primary(s) && !s.up())
                .map(s -> s.name() + " " + (s.rejected() ? "rejects the agent" : s.status().id())).toList();
        if (held.isEmpty()) {
            lastHold = null;
            return true;
        }
        e.record().failback.holdFrom(now);
        String why = String.join(", ", held);
        if (!why.equals(lastHold)) {
            lastHold = why;
            e.journal().record("FailbackHeld", "failback held at step " + e.record().failback.step() + "/" + e.record().failback.steps()
                    + ": " + why + " (not an outage: no abort)", Map.of("held_by", held));
        }
        return false;
    }

    public void finishFailback(Instant now, String message) {
        e.machine().transition(FailoverState.ARMED, "failback completed");
        e.journal().record("FailbackCompleted", message, Map.of());
        close("failback completed", now);
    }

}
