package io.saasagent.failover.region;

import io.saasagent.failover.incident.EngineContext;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.region.Heartbeat;
import io.saasagent.region.RegionDecision;
import io.saasagent.region.RegionSettings;
import io.saasagent.region.StandbyJudge;
import io.saasagent.region.WitnessGate;
import io.saasagent.region.ZoneView;
import io.saasagent.state.DependencySnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The standby region's watch of the primary: the fleet's quorum on the primary's endpoint, the heartbeat as this
 * agent saw it change, the witness and its own critical dependencies, judged by {@link StandbyJudge}. The holder
 * follows what the zone shows (its region owns the record: failed_over; handed back: armed), pages a partition
 * and takes over through {@link RegionSwaps}. Used under the engine's lock.
 */
final class StandbyWatch {
    private final EngineContext ctx;
    private final RegionSettings rs;
    private final ZoneView zone;
    private final WitnessGate witness;
    private final RegionSwaps swaps;
    private final RegionPages pages;
    /** When this agent first saw the fleet's quorum have the endpoint down (its clock); null while not. */
    private Instant endpointDownSince;

    StandbyWatch(EngineContext ctx, ZoneView zone, WitnessGate witness, RegionSwaps swaps, RegionPages pages) {
        this.ctx = ctx;
        this.rs = ctx.settings().region();
        this.zone = zone;
        this.witness = witness;
        this.swaps = swaps;
        this.pages = pages;
    }

    private boolean owns() {
        return zone.heartbeat().filter(h -> h.owner().equals(rs.name())).isPresent();
    }

    /** Every step of a standby agent: the decision; the holder also follows the zone, pages and takes over. */
    RegionDecision observe(boolean holder, List<DependencySnapshot> snaps, Instant now) {
        zone.read(now);
        Optional<Heartbeat> hb = zone.heartbeat();
        if (holder && hb.isPresent()) {
            follow(hb.get(), now);
        }
        if (owns()) {
            endpointDownSince = null;
            pagePartition(false, now);
            return RegionDecision.of(RegionDecision.Kind.GONE, rs.name() + " owns the record (epoch " + hb.get().epoch() + ")"
                    + (ctx.record().takenFrom == null ? "" : ", taken over from " + ctx.record().takenFrom));
        }
        String dep = rs.primaryDependency();
        boolean quorumDown = ctx.guards().fleetDown().contains(dep);
        endpointDownSince = !quorumDown ? null : endpointDownSince == null ? now : endpointDownSince;
        List<String> ownNotUp = snaps.stream().filter(d -> d.critical() && !d.up() && !d.name().equals(dep))
                .map(d -> d.name() + " " + d.status().id()).toList();
        StandbyJudge.Facts f = facts(dep, quorumDown, ownNotUp, witness.configured() && holder, now);
        if (holder && StandbyJudge.witnessNeeded(rs, f)) {
            witness.readIfDue(now);
            f = facts(dep, quorumDown, ownNotUp, true, now);
            pages.witness(witness.problem() != null, witness.problem() != null ? "the take-over witness cannot be read ("
                    + witness.problem() + "): no take-over without it" : "the take-over witness answers again", Map.of("witness", witness.describe()));
        }
        RegionDecision decision = StandbyJudge.judge(rs, f);
        if (!holder) {
            return decision;
        }
        RegionDecision.Kind k = decision.kind();
        pagePartition(k == RegionDecision.Kind.PARTITION || (pages.partitionOpen() && k == RegionDecision.Kind.WAITING), now);
        if (k == RegionDecision.Kind.GONE) {
            swaps.takeOver(snaps, decision, witness.reading() == null ? "none" : witness.reading().summary(), now);
        }
        return decision;
    }

    private StandbyJudge.Facts facts(String dep, boolean quorumDown, List<String> ownNotUp, boolean withWitness, Instant now) {
        // No heartbeat at all is nothing to take over from, as a value that is no heartbeat: no take-over.
        // Only the holder reads the witness: another agent's view says so rather than "gone" without it.
        return new StandbyJudge.Facts(dep, quorumDown, endpointDownSince, zone.age(now), zone.changedAt(),
                zone.unreadable() || zone.known() && zone.value() == null, ownNotUp,
                witness.configured(), withWitness ? witness.reading() : null, withWitness ? witness.problem() : null);
    }

    /** The holder adopts what the zone shows: this region owns it (failed_over), or it was handed back (armed). */
    private void follow(Heartbeat hb, Instant now) {
        FailoverState st = ctx.machine().state();
        boolean mine = hb.owner().equals(rs.name());
        if (mine && (st == FailoverState.ARMED || st == FailoverState.FIRED || st == FailoverState.FAILING_OVER)) {
            ctx.machine().adopt(FailoverState.FAILED_OVER);
            ctx.journal().record("RegionAdopted", "the zone says " + rs.name() + " owns the record (epoch " + hb.epoch() + "): failed_over",
                    Map.of("owner", hb.owner(), "epoch", hb.epoch()));
        } else if (!mine && (st == FailoverState.FAILED_OVER || st == FailoverState.FAILING_BACK)) {
            ctx.incidents().close("the record was handed back to " + hb.owner(), now);
            ctx.record().takenFrom = null;
            ctx.machine().adopt(FailoverState.ARMED);
            ctx.journal().record("RegionAdopted", "the zone says " + hb.owner() + " owns the record again (epoch " + hb.epoch()
                    + "): armed, watching the primary", Map.of("owner", hb.owner(), "epoch", hb.epoch(), "was", st.id()));
        }
    }

    private void pagePartition(boolean open, Instant now) {
        String dep = rs.primaryDependency();
        pages.partition(open, open ? "the fleet sees " + dep + " down but the primary's heartbeat keeps changing (last " + ageOf(now)
                + " s ago): a partition between the regions, no take-over" : "the primary is reachable from the standby again",
                Map.of("endpoint", dep));
    }

    private Double ageOf(Instant now) {
        Duration age = zone.age(now);
        return age == null ? null : age.toMillis() / 1000.0;
    }
}
