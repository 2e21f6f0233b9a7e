package io.saasagent.failover.mode;

import io.saasagent.failover.incident.Contracts;
import io.saasagent.failover.incident.EngineContext;
import io.saasagent.failover.policy.Refusal;
import io.saasagent.failover.record.FailbackPlan;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.failover.record.Incident;
import io.saasagent.dns.DnsChange;
import io.saasagent.dns.DnsException;
import io.saasagent.dns.DnsFence;
import io.saasagent.dns.DnsProvider;
import io.saasagent.dns.DnsRecord;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.support.Redactor;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the record answers, as the holder sees it: adopted when the lease is taken (a record on the DR
 * target is failed_over whatever memory says), read every verify interval against the fleet state
 * (drift: an external-dns run, a stale writer, a hand edit), put back while failed over, and the
 * moment the DR target answers healthy behind it (recovery time).
 */
final class DriftWatch {
    private static final Logger LOG = Logger.getLogger(DriftWatch.class);

    private final EngineContext e;
    private final DnsProvider provider;
    private final ActiveMode writer;
    private Instant nextVerifyAt = Instant.MIN;
    private boolean verifyPending;

    DriftWatch(EngineContext engine, DnsProvider provider, ActiveMode writer) {
        this.e = engine;
        this.provider = provider;
        this.writer = writer;
    }

    /** A failover write landed (or found the record there); unverified, it is read again at the next watch. */
    void written(boolean verified, Instant now) {
        verifyPending = !verified;
        if (verified) {
            e.record().incident.dnsVerified = now;
        }
        nextVerifyAt = now.plus(e.settings().verifyInterval());
    }

    /**
     * What DNS answers decides, whatever the record says (a hand-over or a kill between the DNS write and the
     * record's leaves the record one step behind): the DR target is failed_over, the primary after a failover or
     * a failback is armed (the failback was written), a weighted split is failing_back. Disarmed stays disarmed.
     */
    void adopt(Instant now) {
        FailoverState state = e.machine().state();
        if (state == FailoverState.DISARMED || !e.recordWatched() || adoptSplit(now)) {
            return;
        }
        Optional<Boolean> onDr = answersDr();
        if (onDr.isEmpty()) {
            return; // not known now: the record's state stands
        }
        if (onDr.get() && (state == FailoverState.ARMED || state == FailoverState.FIRED || state == FailoverState.FAILING_OVER)) {
            if (e.record().incident == null || !e.record().incident.open()) {
                e.incidents().open("adopted", true, "found answering the DR target when " + e.coordinator().identity() + " took the lease", null, List.of(), now);
            }
            e.machine().adopt(FailoverState.FAILED_OVER);
            e.record().incident.dnsVerified = now;
            e.journal().record("Adopted", e.settings().record() + " answers the DR target " + e.settings().drTarget() + ": failed_over",
                    Map.of("answer", e.settings().drTarget()));
        } else if (!onDr.get() && (state == FailoverState.FAILED_OVER || state == FailoverState.FAILING_BACK) && !e.record().writeBackPending) {
            String was = state.id();
            e.incidents().close("adopted: " + e.settings().record() + " answers the primary", now);
            e.machine().adopt(FailoverState.ARMED);
            e.journal().record("Adopted", e.settings().record() + " answers the primary target " + e.settings().primaryTarget()
                    + " while the record said " + was + ": armed (the failback was written, its record was not)",
                    Map.of("answer", e.settings().primaryTarget(), "record_state", was));
        } else if (!onDr.get() && state == FailoverState.FAILING_OVER) {
            e.machine().adopt(FailoverState.FIRED); // the failover write never landed: tried again
        }
    }

    /** Whether the record answers the DR target (true) or the primary (false); empty when neither, or unknown. */
    private Optional<Boolean> answersDr() {
        if (provider != null && e.settings().hasTarget() && provider.supportsWeights()) {
            try {
                java.util.OptionalInt split = provider.primaryPercent(e.settings().record(), e.settings().recordType());
                if (split.isPresent() && (split.getAsInt() == 0 || split.getAsInt() == 100)) {
                    return Optional.of(split.getAsInt() == 0);
                }
            } catch (DnsException | RuntimeException ex) {
                return Optional.empty();
            }
        }
        Optional<DnsRecord> current = read();
        if (current == null || current.isEmpty()) {
            return Optional.empty();
        }
        if (answers(current.get(), e.settings().drTarget())) {
            return Optional.of(true);
        }
        return answers(current.get(), e.settings().primaryTarget()) ? Optional.of(false) : Optional.empty();
    }

    /**
     * Weights split between primary and DR that the record does not know of (it was lost, or the last holder
     * died between the write and the record): failing_back at the configured step nearest below the split,
     * its hold starting now.
     */
    private boolean adoptSplit(Instant now) {
        if (provider == null || !e.settings().hasTarget() || !provider.supportsWeights() || e.record().failback != null) {
            return false;
        }
        java.util.OptionalInt split;
        try {
            split = provider.primaryPercent(e.settings().record(), e.settings().recordType());
        } catch (DnsException | RuntimeException ex) {
            return false;
        }
        if (split.isEmpty() || split.getAsInt() == 0 || split.getAsInt() == 100) {
            return false;
        }
        List<Integer> steps = e.settings().failbackSteps();
        int index = 0;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) <= split.getAsInt()) {
                index = i;
            }
        }
        if (e.record().incident == null || !e.record().incident.open()) {
            e.incidents().open("adopted", true, "found a weighted split when " + e.coordinator().identity() + " took the lease", null, List.of(), now);
        }
        e.record().failback = new FailbackPlan(true, steps, index, now, true);
        e.machine().adopt(FailoverState.FAILING_BACK);
        e.journal().record("Adopted", e.settings().record() + " splits " + split.getAsInt() + "% to the primary: failing_back at step "
                + (index + 1) + "/" + steps.size(), Map.of("primary_percent", split.getAsInt()));
        return true;
    }

    void observe(List<DependencySnapshot> snapshots, Instant now) {
        observeRecovery(snapshots, now);
        if (!e.recordWatched()) {
            return; // another region owns the record (a standby before its take-over, a primary after one): not ours to verify
        }
        if (provider == null || !e.settings().hasTarget() || now.isBefore(nextVerifyAt)) {
            return;
        }
        FailoverState state = e.machine().state();
        String expected = state == FailoverState.ARMED ? e.settings().primaryTarget()
                : state == FailoverState.FAILED_OVER && !e.record().writeBackPending ? e.settings().drTarget() : null;
        if (expected == null) {
            return; // moving (fired, failing back) or disarmed: no single right answer
        }
        nextVerifyAt = now.plus(e.settings().verifyInterval());
        Optional<DnsRecord> current = read();
        if (current == null) {
            return;
        }
        if (current.isPresent() && answers(current.get(), expected)) {
            // A drift paged before (armed or failed over, by this holder or the last) is over: resolved, so the next one pages anew.
            e.journal().resolveKind("drift", e.settings().record() + " answers " + expected + " again");
            if (verifyPending) {
                verifyPending = false;
                e.record().incident.dnsVerified = now;
                e.journal().record("DnsVerified", e.settings().record() + " answers " + expected, Map.of());
            }
            return;
        }
        String seen = current.map(r -> String.join(",", r.values())).orElse("(absent)");
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("record", e.settings().record());
        evidence.put("expected", expected);
        evidence.put("answer", seen);
        evidence.put("state", state.id());
        String line = e.settings().record() + " answers " + seen + " while the fleet is " + state.id() + " (expected " + expected + ")";
        Refusal drDown = state == FailoverState.FAILED_OVER ? e.guards().drTarget(snapshots) : null;
        if (drDown != null) {
            // Writing an unhealthy DR target back over a hand edit could be the outage itself: say so, write nothing.
            evidence.put("not_repaired", drDown.message());
            line += "; not repaired: " + drDown.message();
        }
        e.journal().record("DnsDrift", line, evidence);
        e.journal().page("drift", "critical", "DNS drift: " + line, evidence);
        if (state == FailoverState.FAILED_OVER && drDown == null) {
            putBack(now);
        }
    }

    private void putBack(Instant now) {
        try {
            DnsChange c = writer.rewrite();
            if (c.outcome() == DnsChange.Outcome.REFUSED_OWNERSHIP) {
                e.incidents().refuse(Refusal.ownership(String.join("; ", c.warnings()) + ": drift not repaired", ChangeEvidence.of(c)));
            } else {
                e.journal().record("DnsRewritten", e.settings().record() + " -> " + e.settings().drTarget() + " after drift", ChangeEvidence.of(c));
            }
        } catch (DnsFence.Fenced f) {
            e.incidents().refuse(writer.fencedBy());
        } catch (DnsException | RuntimeException ex) {
            e.journal().record("DnsWriteFailed", "drift repair failed: " + Redactor.redact(ex.getMessage()), Map.of());
        }
    }

    /** Recovery ends at the first successful DR probe after the record was verified. */
    private void observeRecovery(List<DependencySnapshot> snapshots, Instant now) {
        Incident incident = e.record().incident;
        if (incident == null || !incident.open() || incident.dnsVerified == null || incident.drHealthy != null) {
            return;
        }
        snapshots.stream().filter(s -> s.name().equals(e.settings().drDependency())).findFirst()
                .filter(s -> s.up() && s.lastSuccess() != null && !s.lastSuccess().isBefore(incident.dnsVerified))
                .ifPresent(dr -> {
                    incident.drHealthy = dr.lastSuccess();
                    Map<String, Object> evidence = new LinkedHashMap<>();
                    evidence.put("detection_seconds", Incident.seconds(incident.detection()));
                    evidence.put("recovery_seconds", Incident.seconds(incident.recovery()));
                    evidence.put("verdict", Contracts.recoveryVerdict(incident, e.settings(), now));
                    String line = "DR target healthy behind the new record: recovery " + Incident.seconds(incident.recovery()) + " s ("
                            + evidence.get("verdict") + " against " + e.settings().recoveryObjective().toSeconds() + " s)";
                    e.journal().record("DrHealthy", line, evidence);
                    e.journal().page("dr_healthy", "info", line, evidence);
                });
    }

    /** The record now; empty when absent, null when it cannot be read (logged). */
    private Optional<DnsRecord> read() {
        try {
            return provider == null || !e.settings().hasTarget() ? null : provider.read(e.settings().record(), e.settings().recordType());
        } catch (DnsException | RuntimeException ex) {
            LOG.debugf("reading %s failed: %s", e.settings().record(), Redactor.redact(ex.getMessage()));
            return null;
        }
    }

    private boolean answers(DnsRecord record, String target) {
        return record.sameAnswer(DnsRecord.simple(e.settings().record(), e.settings().recordType(), target, record.ttl()));
    }
}
