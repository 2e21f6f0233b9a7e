package io.saasagent.failover.region;

import io.saasagent.dns.DnsProvider;
import io.saasagent.failover.incident.EngineContext;
import io.saasagent.failover.policy.Refusal;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.region.Heartbeat;
import io.saasagent.region.HeartbeatKeeper;
import io.saasagent.region.RegionDecision;
import io.saasagent.region.RegionSettings;
import io.saasagent.region.StandbyJudge;
import io.saasagent.region.Witness;
import io.saasagent.region.WitnessGate;
import io.saasagent.region.ZoneView;
import io.saasagent.state.DependencySnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The region roles' part of the engine's step (role none: nothing). Every agent reads the heartbeat (at most once
 * per heartbeat-interval). The primary's holder refreshes it by compare-and-set and is fenced (no DNS write, one
 * {@code region_fenced} page) once it has not refreshed for fence-after; a zone whose owner is another region is
 * adopted as failed_over, nothing written, until a failback hands it back. The standby ({@link StandbyWatch}) takes over
 * ({@link RegionSwaps}) only when {@link StandbyJudge} says the primary is gone, and pages a partition
 * ({@code primary_unreachable_from_standby}) when the endpoint is down while the heartbeat keeps changing.
 */
public final class RegionStep {
    private final EngineContext ctx;
    private final RegionSettings rs;
    private final ZoneView zone;
    private final HeartbeatKeeper beat;
    private final WitnessGate witness;
    private final RegionSwaps swaps;
    private RegionDecision decision = RegionDecision.of(RegionDecision.Kind.UNKNOWN, "the heartbeat has not been read yet");
    /** Primary: the zone says another region owns the record. */
    private boolean adopted;
    private boolean wasHolder;
    private Instant holderSince;
    private final RegionPages pages;
    private final StandbyWatch standby;
    private volatile double ageSeconds = Double.NaN;

    public RegionStep(EngineContext ctx, DnsProvider provider) {
        this.ctx = ctx;
        this.rs = ctx.settings().region();
        boolean on = rs.active() && provider != null && rs.heartbeatRecord() != null;
        this.zone = on ? new ZoneView(provider, rs, ctx.settings().ttl()) : null;
        this.beat = on && rs.primary() ? new HeartbeatKeeper(rs, provider, zone) : null;
        this.witness = new WitnessGate(rs);
        this.swaps = on ? new RegionSwaps(ctx, provider, zone) : null;
        this.pages = new RegionPages(ctx);
        this.standby = on && rs.standby() ? new StandbyWatch(ctx, zone, witness, swaps, pages) : null;
        if (on) {
            ctx.regionFence(this::fence);
            // The record is verified (drift) by the region that owns it: a primary that adopted a take-over leaves it alone.
            ctx.recordWatched(() -> rs.standby() ? owns() : !adopted && !ownedElsewhere());
        }
    }

    boolean active() {
        return zone != null;
    }

    /** The standby's take-over witness; safe from any thread (read by the engine's next step). */
    public void witness(Witness w) {
        witness.use(w);
    }

    /** Heartbeat age as this agent saw it change, in seconds; NaN before any read (never 0 for unknown). */
    public double heartbeatAgeSeconds() {
        return ageSeconds;
    }

    /** 1 while this primary agent's fence is on (its region_fenced page open): saas_region_fenced. */
    double fencedGauge() {
        return pages.fencedOpen() ? 1 : 0;
    }

    /** 1 while this standby's holder sees a partition (its primary_unreachable_from_standby page open): saas_region_partition. */
    double partitionGauge() {
        return pages.partitionOpen() && wasHolder ? 1 : 0;
    }

    public long takeovers(String result) {
        return swaps == null ? 0 : swaps.count(result);
    }

    /**
     * Primary: whether the zone says another region owns the record. A new holder adopts DNS in its first step before
     * this step's observe: the zone is read then, so a take-over it missed is adopted as one, never as an incident of
     * its own (the standby paged it).
     */
    private boolean ownedElsewhere() {
        if (!zone.known()) {
            zone.read(ctx.clock().instant());
        }
        return zone.heartbeat().filter(h -> !h.owner().equals(rs.name())).isPresent();
    }

    private boolean owns() {
        return zone.heartbeat().filter(h -> h.owner().equals(rs.name())).isPresent();
    }

    /** Every step, after the term's sync: {@code holder} whether this agent acts on the fleet's record now. */
    public void observe(boolean holder, List<DependencySnapshot> snaps, Instant now) {
        if (!active()) {
            return;
        }
        if (holder && !wasHolder) {
            holderSince = now;
        }
        wasHolder = holder;
        if (rs.primary()) {
            primary(holder, now);
        } else {
            decision = standby.observe(holder, snaps, now);
        }
        Duration age = zone.age(now);
        ageSeconds = age == null ? Double.NaN : age.toMillis() / 1000.0;
    }

    // ---- primary ---------------------------------------------------------------------------------

    private void primary(boolean holder, Instant now) {
        if (!holder) {
            zone.read(now);
            // A holder cut off from its control plane loses the lease, not the duty: nobody refreshes for it, so past
            // fence-after it is a fenced primary (and pages) until a lease can be confirmed again.
            boolean cutOff = beat.lastRefresh() != null && beat.fenced(now) && ctx.coordinator().leaseUnconfirmable().isPresent();
            pageFence(cutOff, "this agent no longer holds the lease", now);
            decision = zone.heartbeat().filter(h -> !h.owner().equals(rs.name())).isPresent()
                    ? RegionDecision.of(RegionDecision.Kind.ADOPTED, "the zone says " + zone.heartbeat().get().owner() + " owns the record")
                    : cutOff ? RegionDecision.of(RegionDecision.Kind.FENCED, fenceLine(now) + "; the lease cannot be confirmed: "
                    + ctx.coordinator().leaseUnconfirmable().get())
                    : RegionDecision.of(RegionDecision.Kind.HEALTHY, "not the lease holder: the holder refreshes the heartbeat");
            return;
        }
        switch (beat.refresh(now)) {
            case OWNED_ELSEWHERE -> {
                if (!adopted) {
                    adoptTakeOver(now);
                }
            }
            case REFRESHED -> {
                if (adopted) {
                    resume(now);
                }
            }
            default -> {
                // not due, lost to a writer of this region, unreadable or failed: the fence below decides
            }
        }
        boolean fenced = !adopted && beat.fenced(now);
        Instant since = beat.lastRefresh() == null || beat.lastRefresh().isBefore(holderSince) ? holderSince : beat.lastRefresh();
        pageFence(fenced && !now.isBefore(since.plus(rs.fenceAfter())), adopted ? "the record is another region's" : "the heartbeat is refreshed again", now);
        Duration ago = beat.sinceRefresh(now);
        decision = adopted ? RegionDecision.of(RegionDecision.Kind.ADOPTED, "the zone says " + zone.heartbeat().map(Heartbeat::owner).orElse("?")
                + " owns the record: failed_over adopted, nothing written until a failback hands it back")
                : fenced ? RegionDecision.of(RegionDecision.Kind.FENCED, fenceLine(now))
                : RegionDecision.of(RegionDecision.Kind.HEALTHY, "heartbeat refreshed " + (ago == null ? "?" : ago.toSeconds()) + " s ago");
    }

    private String fenceLine(Instant now) {
        Duration ago = beat.sinceRefresh(now);
        return rs.name() + "'s heartbeat " + (ago == null ? "not refreshed by this agent yet" : "not refreshed for " + ago.toSeconds() + " s")
                + " (fence-after " + rs.fenceAfter().toSeconds() + " s" + (beat.problem() == null ? "" : "; " + beat.problem())
                + "): this agent acts as no primary, no DNS write";
    }

    private void pageFence(boolean open, String resolvedBecause, Instant now) {
        pages.fenced(open, open ? fenceLine(now) : null, resolvedBecause, Map.of("region", rs.name(), "agent", ctx.coordinator().identity()));
    }

    private void adoptTakeOver(Instant now) {
        adopted = true;
        Heartbeat hb = zone.heartbeat().orElseThrow();
        FailoverState st = ctx.machine().state();
        if (st != FailoverState.FAILED_OVER && st != FailoverState.DISARMED) {
            ctx.record().failback = null;
            ctx.machine().adopt(FailoverState.FAILED_OVER);
        }
        ctx.journal().record("RegionAdopted", "the zone's heartbeat " + rs.heartbeatRecord() + " says " + hb.owner() + " owns the failover record (epoch "
                + hb.epoch() + "): it took over while " + rs.name() + " was not refreshing; failed_over adopted (was " + st.id()
                + "), nothing is written to DNS until a failback hands the record back", Map.of("owner", hb.owner(), "epoch", hb.epoch(), "was", st.id()));
    }

    private void resume(Instant now) {
        adopted = false;
        FailoverState st = ctx.machine().state();
        if (st == FailoverState.FAILED_OVER || st == FailoverState.FAILING_BACK) {
            ctx.incidents().close("the record was handed back to " + rs.name(), now);
            ctx.machine().adopt(FailoverState.ARMED);
        }
        ctx.journal().record("RegionResumed", "the zone's heartbeat is " + rs.name() + "'s again: armed, heartbeat refreshed", Map.of("was", st.id()));
    }

    // ---- the fence, failback and the view ----------------------------------------------------------

    /** Asked before every DNS write of the modes (after the lease): null when this region may write now. */
    private Refusal fence() {
        Instant now = ctx.clock().instant();
        String owner = zone.heartbeat().map(Heartbeat::owner).orElse(null);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("region", rs.name());
        evidence.put("role", rs.role().id());
        evidence.put("heartbeat", String.valueOf(zone.value()));
        if (rs.primary()) {
            if (adopted) {
                return Refusal.region("the zone's heartbeat says " + owner + " owns the record: " + rs.name()
                        + " writes nothing until a failback hands it back", evidence);
            }
            return beat.fenced(now) ? Refusal.region("region fenced: " + fenceLine(now), evidence) : null;
        }
        if (!rs.name().equals(owner)) {
            return Refusal.region("standby region " + rs.name() + ": the record is " + (owner == null ? "not known to be anyone's" : owner + "'s")
                    + "; it moves only by a region take-over", evidence);
        }
        return zone.readWithin(rs.fenceAfter(), now) ? null : Refusal.region("region fenced: " + rs.name()
                + " owns the record but has not read the zone for fence-after (" + zone.problem() + ")", evidence);
    }

    /** FAILING_BACK: true when the region's swap carried the failback out (or holds it); false: the plain failback. */
    public boolean failback(Instant now) {
        return active() && swaps.failback(() -> {
            if (beat != null) {
                adopted = false;
                beat.handedBack(now);
            }
        }, now);
    }

    /** The /failover {@code region} section; null with role none. */
    public Map<String, Object> view(Instant now) {
        if (!rs.active()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", rs.role().id());
        m.put("name", rs.name());
        m.put("heartbeat", zone == null ? null : zone.view(now));
        m.put("decision", decision.kind().id());
        m.put("reasons", decision.reasons());
        m.put("taken_from", ctx.record().takenFrom);
        if (rs.standby()) {
            m.put("primary_dependency", rs.primaryDependency());
            m.put("takeover_after_seconds", rs.takeoverAfter().toSeconds());
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("kind", rs.witness().id());
            w.put("reading", witness.reading() == null ? null : witness.reading().summary());
            w.put("problem", witness.problem());
            m.put("witness", w);
            Map<String, Object> t = new LinkedHashMap<>();
            RegionSwaps.RESULTS.forEach(r -> t.put(r, takeovers(r)));
            m.put("takeovers", t);
        } else {
            m.put("fence_after_seconds", rs.fenceAfter().toSeconds());
            m.put("last_refresh", beat == null || beat.lastRefresh() == null ? null : beat.lastRefresh().toString());
            m.put("fenced", pages.fencedOpen());
        }
        return m;
    }
}
