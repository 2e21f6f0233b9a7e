package io.saasagent.failover;

import io.saasagent.coordination.Coordinator;
import io.saasagent.failover.control.Controls;
import io.saasagent.failover.incident.EngineContext;
import io.saasagent.failover.incident.FailoverJournal;
import io.saasagent.failover.mode.ModeAction;
import io.saasagent.failover.policy.Refusal;
import io.saasagent.failover.record.ClusterShare;
import io.saasagent.failover.record.FailoverRecord;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.failover.record.RecordKeeper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The record's side of the engine's step, term by term: a follower adopts the fleet's record; an agent
 * that took the lease acts only once it has read the record in this term, then reads what DNS answers;
 * the holder writes the record (the fence asked before every attempt) and never over another holder's
 * write or over a record that does not parse, which it keeps aside and pages about instead.
 */
final class HolderTerm implements RecordKeeper.Writer {
    private final EngineContext ctx;
    private final Coordinator coordinator;
    private final RecordKeeper keeper;
    private final FailoverJournal journal;
    private final Controls controls;
    private final ModeAction mode;
    private final ClusterShare clusterShare;
    private boolean holder;
    private boolean unreadablePaged;
    /** Armed again after a disarm: what DNS answers is read again before anything moves. */
    private boolean readopt;

    HolderTerm(EngineContext ctx, Controls controls, ModeAction mode, ClusterShare clusterShare) {
        this.ctx = ctx;
        this.coordinator = ctx.coordinator();
        this.keeper = ctx.keeper();
        this.journal = ctx.journal();
        this.controls = controls;
        this.mode = mode;
        this.clusterShare = clusterShare;
        ctx.machine().onTransition(t -> readopt |= t.from() == FailoverState.DISARMED);
    }

    /** Start-up: the fleet's record as stored (DNS is read once this agent holds the lease). */
    void start(Instant now) {
        keeper.read(now).ifPresent(this::adopt);
    }

    boolean holder() {
        return holder;
    }

    /** True when this agent holds the lease, has read the record in this term, and acts. */
    boolean sync(Instant now) {
        if (!coordinator.holdsLease()) {
            holder = false;
            clusterShare.notHolder();
            keeper.poll(now).ifPresent(this::adopt);
            return false;
        }
        if (!holder) {
            Optional<FailoverRecord> r = keeper.read(now);
            if (!keeper.lastReadOk()) {
                return false; // no act and no write without a read of the record in this term: the next tick reads again
            }
            holder = true;
            r.ifPresent(this::adopt);
            controls.forgetConsumed(ctx.record());
            mode.adopt(now);
            FailoverRecord rec = ctx.record();
            if (ctx.machine().state() != FailoverState.ARMED) {
                journal.record("Adopted", coordinator.identity() + " holds the lease: fleet state " + ctx.machine().state().id()
                        + (rec.failback == null ? "" : ", resuming failback at step " + rec.failback.step() + "/"
                        + rec.failback.steps() + " (" + rec.failback.percent() + "% on the primary)"), Map.of("state", ctx.machine().state().id()));
            }
        } else {
            keeper.poll(now).ifPresent(this::polledAsHolder);
            if (readopt) {
                mode.adopt(now);
            }
        }
        readopt = false;
        quarantine(now);
        return true;
    }

    /** The holder's write of the step's record. */
    void save(Instant now) {
        FailoverRecord record = ctx.record();
        record.state = ctx.machine().state();
        record.cluster = clusterShare.forRecord(record.cluster);
        keeper.saveIfChanged(record, now, coordinator.identity(), this);
    }

    @Override
    public Refusal fence() {
        return ctx.guards().lease();
    }

    @Override
    public void merge(FailoverRecord stored) {
        controls.mergeRequests(stored);
    }

    @Override
    public void adopt(FailoverRecord stored) {
        if (holder) {
            journal.entry("RecordConflict", "the record was written by " + stored.writer + " at " + stored.writtenAt
                    + " since this agent read it: adopted (" + stored.state.id() + "), this step's record not written",
                    Map.of("writer", String.valueOf(stored.writer), "state", stored.state.id()));
        }
        ctx.record(stored);
        ctx.machine().adopt(stored.state);
        journal.follow(stored.incident);
        clusterShare.adopted(stored);
    }

    /** A holder's read: requests added by followers join; a record another holder wrote is the fleet's. */
    private void polledAsHolder(FailoverRecord stored) {
        if (stored.writer != null && !stored.writer.equals(coordinator.identity())
                && !Objects.equals(stored.writtenAt, ctx.record().writtenAt)) {
            adopt(stored);
        } else {
            controls.mergeRequests(stored);
        }
    }

    /** An unreadable record: kept aside once, paged once for the fleet, DNS adopted; resolved when readable again. */
    private void quarantine(Instant now) {
        boolean kept = keeper.keepAsidePending() && keeper.keepAside(now).isPresent();
        if (keeper.quarantined() && (kept || !unreadablePaged)) {
            unreadablePaged = true;
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("store", keeper.describe());
            evidence.put("kept_at", keeper.keptAt());
            evidence.put("problem", keeper.unreadableWhy());
            evidence.values().removeIf(Objects::isNull);
            String line = "the failover record in " + keeper.describe() + " cannot be read"
                    + (keeper.unreadableWhy() == null ? "" : " (" + keeper.unreadableWhy() + ")")
                    + (keeper.keptAt() == null ? "" : "; kept aside as " + keeper.keptAt())
                    + ": nothing is written over it, the fleet's state is taken from DNS until an operator clears it";
            journal.record("RecordUnreadable", line, evidence);
            journal.fleetPage("record_unreadable", "critical", true, line, evidence);
            mode.adopt(now);
        } else if (!keeper.quarantined() && unreadablePaged) {
            unreadablePaged = false;
            journal.record("RecordReadable", "the failover record in " + keeper.describe() + " is readable again", Map.of());
            journal.fleetPage("record_unreadable", "info", false, "the failover record is readable again", Map.of());
        }
    }
}
