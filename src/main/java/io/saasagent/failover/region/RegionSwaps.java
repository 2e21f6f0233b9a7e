package io.saasagent.failover.region;

import io.saasagent.coordination.QuorumDecision;
import io.saasagent.dns.DnsException;
import io.saasagent.dns.DnsProvider;
import io.saasagent.dns.DnsRecord;
import io.saasagent.dns.RecordSwap;
import io.saasagent.failover.incident.EngineContext;
import io.saasagent.failover.policy.FailoverSettings;
import io.saasagent.failover.policy.Outcome;
import io.saasagent.failover.policy.Refusal;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.failover.record.Incident;
import io.saasagent.region.Heartbeat;
import io.saasagent.region.RegionDecision;
import io.saasagent.region.RegionSettings;
import io.saasagent.region.ZoneView;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.support.Failures;
import io.saasagent.support.Redactor;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The two moves of ownership between regions, each ONE compare-and-set of the failover record and the heartbeat:
 * the standby holder's take-over (record to the DR target, heartbeat handed to its region, epoch n+1) and a
 * failback from either region (record back on the primary target, heartbeat handed back, epoch n+1 of what it
 * reads). A lost compare-and-set is never retried: the zone is read again and adopted. Failback through the
 * swap is direct (no weighted steps). Used by the holder, under the engine's lock.
 */
final class RegionSwaps {
    static final String RULE = "region_lost";
    static final List<String> RESULTS = List.of("written", "cas_lost", "refused", "failed");

    private final EngineContext ctx;
    private final RegionSettings rs;
    private final FailoverSettings s;
    private final DnsProvider provider;
    private final ZoneView zone;
    private final Map<String, AtomicLong> results = new LinkedHashMap<>();
    private Instant nextAt = Instant.MIN;
    private String lastRefusal;

    RegionSwaps(EngineContext ctx, DnsProvider provider, ZoneView zone) {
        this.ctx = ctx;
        this.s = ctx.settings();
        this.rs = s.region();
        this.provider = provider;
        this.zone = zone;
        RESULTS.forEach(r -> results.put(r, new AtomicLong()));
    }

    long count(String result) {
        return results.get(result).get();
    }

    /** The standby holder, the primary judged gone: the take-over, at most once per heartbeat-interval. */
    void takeOver(List<DependencySnapshot> snaps, RegionDecision why, String witness, Instant now) {
        FailoverState st = ctx.machine().state();
        Incident open = ctx.record().incident;
        boolean retry = st == FailoverState.FIRED && open != null && open.open() && RULE.equals(open.rule);
        if (!(st == FailoverState.ARMED || retry) || now.isBefore(nextAt)) {
            return;
        }
        nextAt = now.plus(rs.heartbeatInterval());
        String dep = rs.primaryDependency();
        Refusal refused = ctx.guards().lease();
        if (refused == null) {
            refused = ctx.guards().drTarget(snaps);
        }
        QuorumDecision q = refused == null ? ctx.coordinator().quorum(dep) : null;
        if (q != null && !q.reached()) {
            refused = Refusal.noQuorum("no take-over: " + q.agreeing() + " of " + q.live() + " agents see " + dep + " down"
                    + (q.reason() == null ? "" : " (" + q.reason() + ")"), Map.of("dependency", dep, "agreeing", q.agreeing(), "live", q.live()));
        }
        if (refused != null) {
            refuse(refused);
            return;
        }
        String changedBefore = zone.value();
        if (!zone.readNow(now)) {
            failed("the zone cannot be read right before the take-over: " + zone.problem(), now);
            return;
        }
        Optional<Heartbeat> hb = zone.heartbeat();
        if (hb.isEmpty() || !java.util.Objects.equals(changedBefore, zone.value())) {
            refuse(Refusal.region("no take-over: the heartbeat changed (or went) on the read right before it: the primary may be alive",
                    Map.of("heartbeat", String.valueOf(zone.value()))));
            return;
        }
        DnsRecord before;
        try {
            before = provider.read(s.record(), s.recordType()).orElse(null);
        } catch (DnsException | RuntimeException e) {
            failed("the failover record cannot be read right before the take-over: " + describe(e), now);
            return;
        }
        DnsRecord after = new DnsRecord(s.record(), s.recordType(), List.of(s.drTarget()), before == null ? s.ttl() : before.ttl(), null, null);
        Heartbeat next = hb.get().handedTo(rs.name(), now);
        Map<String, Object> evidence = new LinkedHashMap<>();
        snaps.stream().filter(d -> d.name().equals(dep)).findFirst().ifPresent(d -> {
            evidence.put("endpoint", dep);
            evidence.put("endpoint_status", d.status().id());
            evidence.put("endpoint_consecutive_failures", d.consecutiveFailures());
            evidence.put("endpoint_last_error", d.lastError());
        });
        java.time.Duration age = zone.age(now);
        evidence.put("heartbeat_age_seconds", age == null ? null : age.toMillis() / 1000.0);
        evidence.put("heartbeat", zone.value());
        evidence.put("witness", witness);
        evidence.values().removeIf(java.util.Objects::isNull);
        evidence.put("quorum", Map.of("agreeing", q.agreeing(), "live", q.live(), "agents", q.agreeingAgents()));
        evidence.put("taken_from", hb.get().owner());
        evidence.put("epoch", next.epoch());
        evidence.put("reasons", why.reasons());
        if (st == FailoverState.ARMED) {
            DependencySnapshot endpoint = snaps.stream().filter(d -> d.name().equals(dep)).findFirst().orElse(null);
            ctx.incidents().open(RULE, false, "primary region " + hb.get().owner() + " gone: " + String.join("; ", why.reasons()),
                    endpoint == null ? null : endpoint.failingSince(), List.of(dep), now);
        }
        ctx.journal().record("RegionLost", "taking over from " + hb.get().owner() + ": " + String.join("; ", why.reasons()), evidence);
        ctx.machine().transition(FailoverState.FAILING_OVER, "region take-over: one compare-and-set of the record and the heartbeat");
        ctx.record().incident.dnsSubmitted = now;
        try {
            String change = provider.swap(RecordSwap.of(new RecordSwap.Change(before, after), new RecordSwap.Change(zone.raw(), zone.txt(next))));
            zone.wrote(zone.txt(next), now);
            ctx.record().takenFrom = hb.get().owner();
            ctx.record().lastFailoverAt = now;
            if (answers(s.drTarget())) {
                ctx.record().incident.dnsVerified = now;
            }
            ctx.machine().transition(FailoverState.FAILED_OVER, "region take-over written");
            ctx.count(Outcome.WRITTEN);
            results.get("written").incrementAndGet();
            lastRefusal = null;
            evidence.put("change_id", change);
            String line = s.record() + " " + s.recordType() + " -> " + s.drTarget() + " and " + rs.heartbeatRecord() + " -> " + next.format()
                    + " in one compare-and-set: " + rs.name() + " owns the record (taken over from " + hb.get().owner() + ")";
            ctx.journal().record("RegionTakeOver", line, evidence);
            ctx.journal().page("written", "critical", "region take-over: " + s.record() + " now answers " + s.drTarget()
                    + " (" + rs.name() + " took over from " + hb.get().owner() + ")", evidence);
        } catch (DnsException.CasLost lost) {
            ctx.machine().transition(FailoverState.FIRED, "take-over lost its compare-and-set");
            ctx.count(Outcome.CAS_LOST);
            results.get("cas_lost").incrementAndGet();
            zone.readNow(now);
            standDown(lost.getMessage(), now);
        } catch (DnsException | RuntimeException e) {
            ctx.machine().transition(FailoverState.FIRED, "take-over swap failed");
            failed("take-over swap failed: " + describe(e), now);
        }
    }

    /** After a lost take-over: the zone decides. This region owns it (another holder's swap): failed_over; else armed. */
    private void standDown(String why, Instant now) {
        Optional<Heartbeat> hb = zone.heartbeat();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("heartbeat", String.valueOf(zone.value()));
        evidence.put("cause", why);
        if (hb.filter(h -> h.owner().equals(rs.name())).isPresent()) {
            ctx.machine().adopt(FailoverState.FAILED_OVER);
            ctx.journal().record("RegionCasLost", why + ": the zone shows " + rs.name() + " owns the record already (epoch "
                    + hb.get().epoch() + "): failed_over adopted, nothing written", evidence);
            return;
        }
        ctx.journal().record("RegionCasLost", why + ": the zone shows " + zone.value() + ": stood down, armed; no retry until the "
                + "heartbeat has been unchanged for takeover-after again", evidence);
        ctx.machine().transition(FailoverState.ARMED, "take-over lost its compare-and-set");
        ctx.incidents().close("take-over lost its compare-and-set", now);
    }

    /**
     * FAILING_BACK, the guards passed: when the record is another region's than the primary's, ONE swap hands it back.
     * False when the plain failback applies (no heartbeat, or the primary region owns it: its own failover).
     */
    boolean failback(Runnable handedBack, Instant now) {
        if (now.isBefore(nextAt)) {
            return true;
        }
        nextAt = now.plus(rs.heartbeatInterval());
        if (!zone.readNow(now)) {
            failed("failback: the zone cannot be read: " + zone.problem(), now);
            return true;
        }
        Optional<Heartbeat> hb = zone.heartbeat();
        String primaryRegion = rs.primary() ? rs.name() : ctx.record().takenFrom;
        if (hb.isEmpty() && !zone.unreadable() || hb.isPresent() && hb.get().owner().equals(primaryRegion)) {
            return false;
        }
        if (hb.isEmpty() || primaryRegion == null) {
            ctx.incidents().refuse(Refusal.region("failback: " + (hb.isEmpty() ? rs.heartbeatRecord() + " holds no heartbeat"
                    : "the region the record was taken from is not known here: fail back from a primary pod"), Map.of()));
            return true;
        }
        Refusal lease = ctx.guards().lease();
        if (lease != null) {
            ctx.incidents().refuse(lease);
            return true;
        }
        DnsRecord before;
        try {
            before = provider.read(s.record(), s.recordType()).orElse(null);
        } catch (DnsException | RuntimeException e) {
            failed("failback: the failover record cannot be read: " + describe(e), now);
            return true;
        }
        DnsRecord after = new DnsRecord(s.record(), s.recordType(), List.of(s.primaryTarget()), before == null ? s.ttl() : before.ttl(), null, null);
        Heartbeat next = new Heartbeat(primaryRegion, hb.get().epoch() + 1, now.getEpochSecond());
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("from", hb.get().owner());
        evidence.put("to", primaryRegion);
        evidence.put("epoch", next.epoch());
        try {
            String change = provider.swap(RecordSwap.of(new RecordSwap.Change(before, after), new RecordSwap.Change(zone.raw(), zone.txt(next))));
            zone.wrote(zone.txt(next), now);
            evidence.put("change_id", change);
            ctx.record().takenFrom = null;
            handedBack.run();
            String line = s.record() + " -> " + s.primaryTarget() + " and " + rs.heartbeatRecord() + " -> " + next.format()
                    + " in one compare-and-set: the record is " + primaryRegion + "'s again";
            ctx.journal().record("RegionFailback", line, evidence);
            ctx.journal().page("failback_step_1", "info", "failback: " + line, evidence);
            ctx.incidents().finishFailback(now, "traffic back on " + s.primaryTarget() + ", heartbeat handed back to " + primaryRegion);
        } catch (DnsException.CasLost lost) {
            ctx.count(Outcome.CAS_LOST);
            zone.readNow(now);
            boolean back = zone.heartbeat().filter(h -> h.owner().equals(primaryRegion)).isPresent();
            ctx.journal().record("RegionCasLost", "failback " + lost.getMessage() + ": the zone shows " + zone.value()
                    + (back ? ": already handed back, armed" : ": failback stopped, failed_over"), evidence);
            if (back) {
                ctx.record().takenFrom = null;
                handedBack.run();
                ctx.incidents().finishFailback(now, "another writer handed the record back to " + primaryRegion);
            } else {
                ctx.record().failback = null;
                ctx.machine().transition(FailoverState.FAILED_OVER, "failback lost its compare-and-set");
            }
        } catch (DnsException | RuntimeException e) {
            failed("failback swap failed: " + describe(e), now);
        }
        return true;
    }

    private boolean answers(String target) {
        try {
            return provider.read(s.record(), s.recordType())
                    .map(r -> r.sameAnswer(DnsRecord.simple(s.record(), s.recordType(), target, r.ttl()))).orElse(false);
        } catch (DnsException | RuntimeException e) {
            return false;
        }
    }

    /** A take-over refused: counted once per reason (refused), recorded as the guards' refusals are. */
    private void refuse(Refusal r) {
        if (!r.kind().equals(lastRefusal)) {
            results.get("refused").incrementAndGet();
        }
        lastRefusal = r.kind();
        ctx.incidents().refuse(r);
    }

    private void failed(String message, Instant now) {
        ctx.count(Outcome.FAILED);
        results.get("failed").incrementAndGet();
        ctx.journal().record("DnsWriteFailed", message + " (tried again in " + s.verifyInterval().toSeconds() + " s)", Map.of("error", message));
        ctx.journal().page("write_failed", "critical", "region swap failed: " + message, Map.of("error", message));
        nextAt = now.plus(s.verifyInterval());
    }

    private static String describe(Exception e) {
        return Redactor.redact(e instanceof DnsException ? e.getMessage() : Failures.describe(e));
    }
}
