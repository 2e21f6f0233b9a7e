package io.saasagent.failover.mode;

import io.saasagent.failover.incident.EngineContext;
import io.saasagent.failover.policy.FailoverSettings;
import io.saasagent.failover.policy.Outcome;
import io.saasagent.failover.policy.Refusal;
import io.saasagent.failover.record.FailbackPlan;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.dns.DnsActuator;
import io.saasagent.dns.DnsChange;
import io.saasagent.dns.DnsException;
import io.saasagent.dns.DnsFence;
import io.saasagent.dns.DnsProvider;
import io.saasagent.support.Failures;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.support.Redactor;
import io.saasagent.support.Retrier;
import io.saasagent.support.Sleeper;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Active: the holder writes DNS through one fenced {@link DnsActuator} (the fence asked before every
 * submit attempt, busy answers retried with the provider's one retry policy). A write that still fails
 * is tried again at the verify interval's fixed pace, never with a backoff of its own. The record's
 * verification, drift and recovery are the {@link DriftWatch}'s.
 */
final class ActiveMode implements ModeAction {
    private static final Duration REFUSED_RETRY = Duration.ofSeconds(1);

    private final EngineContext e;
    private final DnsProvider provider;
    private final DnsActuator dns;
    private final DriftWatch watch;
    /** Why the fence said no last; read right after a {@link DnsFence.Fenced}. */
    private Refusal fencedBy;
    /** A failover write is fenced by the quorum too (unless manual); failback and repairs by the lease alone. */
    private boolean quorumFence;
    private Instant nextWriteAt = Instant.MIN;

    ActiveMode(EngineContext engine, DnsProvider provider, Sleeper sleeper) {
        this.e = engine;
        this.provider = provider;
        this.dns = provider == null ? null : new DnsActuator(provider, null, engine.settings().forceOwnership(), this::fence,
                new Retrier(provider.writePolicy(), sleeper));
        this.watch = new DriftWatch(engine, provider, this);
    }

    @Override
    public void opened() {
        nextWriteAt = Instant.MIN;
    }

    @Override
    public boolean weighted() {
        return provider != null && provider.supportsWeights();
    }

    /** Asked right before every submit attempt: still the leader, the region lets it write and, for a failover by the policy, still a quorum. */
    private void fence() throws DnsFence.Fenced {
        Refusal r = e.guards().lease();
        if (r == null) {
            r = e.regionFence(); // a fenced primary, or a region that does not own the record, writes nothing
        }
        if (r == null && quorumFence && !e.record().incident.manual) {
            r = e.guards().quorum(e.incidents().voteOn(e.snapshots(null)));
        }
        if (r != null) {
            fencedBy = r;
            throw new DnsFence.Fenced(r.message());
        }
        if (quorumFence) {
            e.record().incident.dnsSubmitted = e.clock().instant();
        }
    }

    @Override
    public void carryOut(List<DependencySnapshot> snapshots, Instant now) {
        if (now.isBefore(nextWriteAt) || e.incidents().refused(snapshots, now)) {
            return;
        }
        FailoverSettings s = e.settings();
        if (dns == null || !s.hasTarget()) {
            writeFailed(now, "write_failed", "no DNS provider or record configured for active mode");
            return;
        }
        e.machine().transition(FailoverState.FAILING_OVER, "guards passed (DR target healthy, cooldown over, leader"
                + (e.record().incident.manual ? ", operator trigger" : ", quorum") + ")");
        DnsChange change;
        quorumFence = true;
        try {
            change = dns.pointTo(s.record(), s.recordType(), s.drTarget(), s.ttl());
        } catch (DnsFence.Fenced f) {
            e.machine().transition(FailoverState.FIRED, "fenced right before the write");
            e.incidents().refuse(fencedBy);
            nextWriteAt = now.plus(REFUSED_RETRY);
            return;
        } catch (DnsException | RuntimeException ex) {
            e.machine().transition(FailoverState.FIRED, "write failed");
            writeFailed(now, "write_failed", describe(ex));
            return;
        } finally {
            quorumFence = false;
        }
        Map<String, Object> evidence = ChangeEvidence.of(change);
        switch (change.outcome()) {
            case WRITTEN, UNCHANGED -> {
                boolean written = change.outcome() == DnsChange.Outcome.WRITTEN;
                e.record().lastFailoverAt = now;
                watch.written(change.verified(), now);
                e.machine().transition(FailoverState.FAILED_OVER, written ? "record written" + (change.verified() ? " and verified"
                        : ", not yet verified") : "record already answers the DR target");
                e.count(written ? Outcome.WRITTEN : Outcome.UNCHANGED);
                String line = written ? s.record() + " " + s.recordType() + " -> " + s.drTarget()
                        + (change.verified() ? " (verified)" : " (read-back differs: verified again at the verify interval)")
                        : s.record() + " already answers " + s.drTarget() + ": nothing written";
                e.journal().record(written ? "DnsWritten" : "DnsUnchanged", line, evidence);
                e.journal().page("written", "critical", "failed over: " + s.record() + " now answers " + s.drTarget(), evidence);
            }
            case REFUSED_OWNERSHIP -> {
                e.machine().transition(FailoverState.FIRED, "record owned by another writer");
                e.incidents().refuse(Refusal.ownership(String.join("; ", change.warnings())
                        + " (set agent.failover.force-ownership=true to write anyway)", evidence));
                nextWriteAt = now.plus(s.verifyInterval());
            }
        }
    }

    @Override
    public void failback(Instant now) {
        FailbackPlan fb = e.record().failback;
        fb.advanceAfter(e.settings().failbackHold(), now);
        if (!fb.pendingWrite() || now.isBefore(nextWriteAt)) {
            return;
        }
        FailoverSettings s = e.settings();
        try {
            String change;
            if (fb.weighted) {
                change = dns.weights(s.record(), s.recordType(), s.primaryTarget(), s.drTarget(), fb.percent(), s.ttl());
            } else {
                DnsChange c = dns.pointTo(s.record(), s.recordType(), s.primaryTarget(), s.ttl());
                if (c.outcome() == DnsChange.Outcome.REFUSED_OWNERSHIP) {
                    throw new DnsException(String.join("; ", c.warnings()), false);
                }
                change = c.changeId();
            }
            fb.written(now);
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("step", fb.step());
            evidence.put("steps", fb.steps());
            evidence.put("primary_percent", fb.percent());
            evidence.put("change_id", change);
            String line = "failback step " + fb.step() + "/" + fb.steps() + ": " + fb.percent() + "% on the primary";
            e.journal().record("FailbackStep", line, evidence);
            e.journal().page("failback_step_" + fb.step(), "info", line, evidence);
            if (fb.last()) {
                e.incidents().finishFailback(now, "traffic back on " + s.primaryTarget());
            }
        } catch (DnsFence.Fenced f) {
            e.incidents().refuse(fencedBy);
            nextWriteAt = now.plus(REFUSED_RETRY);
        } catch (DnsException | RuntimeException ex) {
            writeFailed(now, "write_failed", "failback write failed: " + describe(ex));
        }
    }

    @Override
    public void abortFailback(Instant now, String why) {
        FailbackPlan fb = e.record().failback;
        String message = "failback aborted, the primary failed during the hold (" + why + ")";
        e.machine().transition(FailoverState.FAILED_OVER, "failback aborted");
        e.record().failback = null;
        e.record().writeBackPending = fb.anyWritten();
        e.journal().record("FailbackAborted", message, Map.of("down", why));
        e.journal().page("failback_aborted", "critical", message, Map.of("down", why));
        nextWriteAt = Instant.MIN;
        writeBack(now);
    }

    /** A failback aborted after a step was written: all weight back on the DR target, until it lands. */
    private void writeBack(Instant now) {
        if (!e.record().writeBackPending || now.isBefore(nextWriteAt)) {
            return;
        }
        FailoverSettings s = e.settings();
        try {
            if (weighted()) {
                dns.weights(s.record(), s.recordType(), s.primaryTarget(), s.drTarget(), 0, s.ttl());
            } else {
                dns.pointTo(s.record(), s.recordType(), s.drTarget(), s.ttl());
            }
            e.record().writeBackPending = false;
            e.journal().record("DnsWrittenBack", "all traffic back on the DR target " + s.drTarget(), Map.of());
        } catch (DnsFence.Fenced f) {
            e.incidents().refuse(fencedBy);
            nextWriteAt = now.plus(REFUSED_RETRY);
        } catch (DnsException | RuntimeException ex) {
            writeFailed(now, "write_back_failed", "could not move traffic back to the DR target after the aborted failback: " + describe(ex));
        }
    }

    /** Puts the DR answer back after a drift (ownership rules apply). */
    DnsChange rewrite() throws DnsException {
        FailoverSettings s = e.settings();
        return dns.pointTo(s.record(), s.recordType(), s.drTarget(), s.ttl());
    }

    Refusal fencedBy() {
        return fencedBy;
    }

    @Override
    public void observe(List<DependencySnapshot> snapshots, Instant now) {
        if (e.machine().state() == FailoverState.FAILED_OVER) {
            writeBack(now);
        }
        watch.observe(snapshots, now);
    }

    @Override
    public void adopt(Instant now) {
        watch.adopt(now);
    }

    private void writeFailed(Instant now, String kind, String message) {
        e.count(Outcome.FAILED);
        long retry = e.settings().verifyInterval().toSeconds();
        e.journal().record("write_back_failed".equals(kind) ? "DnsWriteBackFailed" : "DnsWriteFailed",
                message + " (tried again in " + retry + " s)", Map.of("error", message, "retry_seconds", retry));
        e.journal().page(kind, "critical", "failover DNS write failed: " + message, Map.of("error", message));
        nextWriteAt = now.plus(e.settings().verifyInterval());
    }

    private static String describe(Exception ex) {
        return Redactor.redact(ex instanceof DnsException ? ex.getMessage() : Failures.describe(ex));
    }
}
