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

    /** Runs the guards; records a refusal once per distinct reason. True when refused. */
    public boolean refused(List<DependencySnapshot> snaps, Instant now) {
        Refusal r = e.guards().check(snaps, now, e.record().lastFailoverAt, e.record().incident.rule, e.record().incident.manual);
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
