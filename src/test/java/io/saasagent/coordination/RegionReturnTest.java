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

    @Test
    void thePrimaryBackAfterATakeoverAdoptsItWritesNothingAndAFailbackOnAPrimaryPodHandsOwnershipBack() {
        Heartbeat before = regions.steady();
        regions.isolatePrimaryRegion();
        regions.roundsUntil(RegionLossTest.BOUND, Fleet.RECORD + " answers the DR target", () -> regions.answer().equals(List.of(Fleet.DR)));
        assertThat(regions.primary.outcomes(Outcome.WRITTEN)).isZero();
        assertThat(TwoRegions.pages(regions.primary, FENCED)).as("the cut-off primary holder fenced itself").isNotEmpty()
                .allSatisfy(p -> assertThat(p.severity()).isEqualTo("critical"));
        regions.rounds(2);
        long serial = regions.serial();

        regions.reconnectPrimaryRegion();
        Fleet.Agent holder = regions.primary.leader();
        regions.roundsUntil(RegionLossTest.BOUND, "the primary's holder adopts failed_over", () -> holder.state() == FailoverState.FAILED_OVER);
        regions.rounds(5);
        assertThat(regions.serial()).as("the returning primary writes nothing").isEqualTo(serial);
        assertThat(regions.answer()).containsExactly(Fleet.DR);
        assertThat(regions.heartbeatNow().orElseThrow().owner()).isEqualTo(TwoRegions.STANDBY_REGION);
        assertThat(regions.primary.outcomes(Outcome.WRITTEN)).isZero();

        Fleet.Agent pod = regions.primary.others(holder).get(0);
        assertThat(pod.engine.control("failback", "ops").accepted()).isTrue();
        regions.roundsUntil(RegionLossTest.BOUND, Fleet.RECORD + " answers the primary again", () -> regions.answer().equals(List.of(Fleet.PRIMARY)));
        assertThat(regions.serial()).as("failback: one swap of record and heartbeat").isEqualTo(serial + 1);
        Heartbeat back = regions.heartbeatNow().orElseThrow();
        assertThat(back.owner()).isEqualTo(TwoRegions.PRIMARY_REGION);
        assertThat(back.epoch()).isEqualTo(before.epoch() + 2);

        // Ownership went back with it: the primary refreshes again (epoch kept), the standby writes nothing more.
        regions.roundsUntil(RegionLossTest.BOUND, "the primary refreshes its heartbeat again",
                () -> regions.heartbeatNow().filter(h -> h.ts() > back.ts() && h.epoch() == back.epoch()).isPresent());
        assertThat(regions.standby.outcomes(Outcome.WRITTEN)).isEqualTo(1);
        assertThat(regions.answer()).containsExactly(Fleet.PRIMARY);
    }

    @Test
    void aFailbackRequestedOnAStandbyPodAlsoHandsTheRecordBackInOneSwapAndThePrimaryResumes() {
        Heartbeat before = regions.steady();
        regions.isolatePrimaryRegion();
        regions.roundsUntil(RegionLossTest.BOUND, Fleet.RECORD + " answers the DR target", () -> regions.answer().equals(List.of(Fleet.DR)));
        regions.reconnectPrimaryRegion();
        Fleet.Agent primaryHolder = regions.primary.leader();
        regions.roundsUntil(RegionLossTest.BOUND, "the primary's holder adopts failed_over", () -> primaryHolder.state() == FailoverState.FAILED_OVER);
        long serial = regions.serial();

        Fleet.Agent standbyHolder = regions.standby.leader();
        Fleet.Agent pod = regions.standby.others(standbyHolder).get(0);
        assertThat(pod.engine.control("failback", "ops").accepted()).isTrue();
        regions.roundsUntil(RegionLossTest.BOUND, Fleet.RECORD + " answers the primary again", () -> regions.answer().equals(List.of(Fleet.PRIMARY)));
        assertThat(regions.serial()).as("failback: one swap of record and heartbeat").isEqualTo(serial + 1);
        Heartbeat back = regions.heartbeatNow().orElseThrow();
        assertThat(back.owner()).isEqualTo(TwoRegions.PRIMARY_REGION);
        assertThat(back.epoch()).isEqualTo(before.epoch() + 2);

        regions.roundsUntil(RegionLossTest.BOUND, "the primary armed and refreshing again", () -> primaryHolder.state() == FailoverState.ARMED
                && regions.heartbeatNow().filter(h -> h.ts() > back.ts() && h.epoch() == back.epoch()).isPresent());
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

        regions.roundsUntil(RegionLossTest.BOUND, Fleet.RECORD + " answers the DR target", () -> regions.answer().equals(List.of(Fleet.DR)));
        regions.rounds(3);

        assertThat(regions.primary.outcomes(Outcome.WRITTEN)).as("the primary fleet wrote nothing").isZero();
        assertThat(TwoRegions.pages(regions.primary, FENCED)).as("a fenced page").isNotEmpty();
        Heartbeat after = regions.heartbeatNow().orElseThrow();
        assertThat(after.owner()).isEqualTo(TwoRegions.STANDBY_REGION);
        assertThat(after.epoch()).isEqualTo(before.epoch() + 1);
        assertThat(regions.standby.outcomes(Outcome.WRITTEN)).isEqualTo(1);
    }
}
