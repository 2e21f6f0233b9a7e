package io.saasagent.coordination;

import io.saasagent.failover.policy.Outcome;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.region.Heartbeat;
import io.saasagent.testing.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: a primary that cannot refresh its heartbeat fences itself (a page, no write); the standby takes over; the
 * primary back adopts failed_over and writes nothing; failback by hand on a primary pod moves the record and the
 * ownership back in one swap. Also: the primary's control plane and Redis lost (its agents alive, the zone reachable).
 */
@Timeout(150)
class RegionReturnTest {
    static final String FENCED = "region_fenced";
    private final TwoRegions regions = new TwoRegions(3);

    @AfterEach
    void tearDown() throws IOException {
        regions.close();
    }

    private void untilTheRecordAnswers(String target, String words) {
        regions.roundsUntil(RegionLossTest.BOUND, Fleet.RECORD + " answers " + words, () -> regions.answer().equals(List.of(target)));
    }

    /** The primary region cut off (agents, control plane, endpoint) until the standby took the record over. */
    private void thePrimaryRegionLost() {
        regions.isolatePrimaryRegion();
        untilTheRecordAnswers(Fleet.DR, "the DR target");
    }

    /** The primary region back after a take-over: its holder adopts failed_over (returned). */
    private Fleet.Agent thePrimaryBackAdopts() {
        regions.reconnectPrimaryRegion();
        Fleet.Agent holder = regions.primary.leader();
        regions.roundsUntil(RegionLossTest.BOUND, "the primary's holder adopts failed_over", () -> holder.state() == FailoverState.FAILED_OVER);
        return holder;
    }

    /** A failback asked on {@code pod}: one swap of record and heartbeat since {@code serial}, the heartbeat handed back (returned). */
    private Heartbeat failbackOn(Fleet.Agent pod, long serial, Heartbeat before) {
        assertThat(pod.engine.control("failback", "ops").accepted()).isTrue();
        untilTheRecordAnswers(Fleet.PRIMARY, "the primary again");
        assertThat(regions.serial()).as("failback: one swap of record and heartbeat").isEqualTo(serial + 1);
        Heartbeat back = regions.heartbeatNow().orElseThrow();
        assertThat(back.owner()).isEqualTo(TwoRegions.PRIMARY_REGION);
        assertThat(back.epoch()).isEqualTo(before.epoch() + 2);
        return back;
    }

    /** The primary refreshed the heartbeat after {@code back} (a later ts, the same epoch). */
    private boolean refreshedSince(Heartbeat back) {
        return regions.heartbeatNow().filter(h -> h.ts() > back.ts() && h.epoch() == back.epoch()).isPresent();
    }

    @Test
    void thePrimaryBackAfterATakeoverAdoptsItWritesNothingAndAFailbackOnAPrimaryPodHandsOwnershipBack() {
        Heartbeat before = regions.steady();
        thePrimaryRegionLost();
        assertThat(regions.primary.outcomes(Outcome.WRITTEN)).isZero();
        assertThat(TwoRegions.pages(regions.primary, FENCED)).as("the cut-off primary holder fenced itself").isNotEmpty()
                .allSatisfy(p -> assertThat(p.severity()).isEqualTo("critical"));
        regions.rounds(2);
        long serial = regions.serial();

        Fleet.Agent holder = thePrimaryBackAdopts();
        regions.rounds(5);
        assertThat(regions.serial()).as("the returning primary writes nothing").isEqualTo(serial);
        assertThat(regions.answer()).containsExactly(Fleet.DR);
        assertThat(regions.heartbeatNow().orElseThrow().owner()).isEqualTo(TwoRegions.STANDBY_REGION);
        assertThat(regions.primary.outcomes(Outcome.WRITTEN)).isZero();

        Heartbeat back = failbackOn(regions.primary.others(holder).get(0), serial, before);

        // Ownership went back with it: the primary refreshes again (epoch kept), the standby writes nothing more.
        regions.roundsUntil(RegionLossTest.BOUND, "the primary refreshes its heartbeat again", () -> refreshedSince(back));
        assertThat(regions.standby.outcomes(Outcome.WRITTEN)).isEqualTo(1);
        assertThat(regions.answer()).containsExactly(Fleet.PRIMARY);
    }

    @Test
    void aFailbackRequestedOnAStandbyPodAlsoHandsTheRecordBackInOneSwapAndThePrimaryResumes() {
        Heartbeat before = regions.steady();
        thePrimaryRegionLost();
        Fleet.Agent primaryHolder = thePrimaryBackAdopts();
        long serial = regions.serial();

        Fleet.Agent standbyHolder = regions.standby.leader();
        Heartbeat back = failbackOn(regions.standby.others(standbyHolder).get(0), serial, before);

        regions.roundsUntil(RegionLossTest.BOUND, "the primary armed and refreshing again",
                () -> primaryHolder.state() == FailoverState.ARMED && refreshedSince(back));
        regions.roundsUntil(RegionLossTest.BOUND, "the standby armed, watching the primary", () -> standbyHolder.state() == FailoverState.ARMED);
        assertThat(regions.primary.outcomes(Outcome.WRITTEN)).isZero();
        assertThat(regions.standby.outcomes(Outcome.WRITTEN)).isEqualTo(1);
    }

    @Test
    void thePrimaryControlPlaneAndRedisLostItsAgentsFenceWriteNothingAndTheStandbyTakesOver() {
        Heartbeat before = regions.steady();
        regions.primary.api.stop();
        regions.primary.redis.kill();
        regions.primaryEndpoint.link.set(FaultProxy.Mode.REFUSE);

        untilTheRecordAnswers(Fleet.DR, "the DR target");
        regions.rounds(3);

        assertThat(regions.primary.outcomes(Outcome.WRITTEN)).as("the primary fleet wrote nothing").isZero();
        assertThat(TwoRegions.pages(regions.primary, FENCED)).as("a fenced page").isNotEmpty();
        Heartbeat after = regions.heartbeatNow().orElseThrow();
        assertThat(after.owner()).isEqualTo(TwoRegions.STANDBY_REGION);
        assertThat(after.epoch()).isEqualTo(before.epoch() + 1);
        assertThat(regions.standby.outcomes(Outcome.WRITTEN)).isEqualTo(1);
    }
}
