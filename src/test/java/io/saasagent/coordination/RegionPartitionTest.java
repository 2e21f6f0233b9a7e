package io.saasagent.coordination;

import io.saasagent.failover.policy.Outcome;
import io.saasagent.region.Heartbeat;
import io.saasagent.testing.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, the partition: the standby cannot reach the primary's endpoint while the primary keeps its heartbeat.
 * Nothing is written for three times takeover-after; the warning opens and clears when the path heals.
 */
@Timeout(120)
class RegionPartitionTest {
    static final String PARTITION = "primary_unreachable_from_standby";
    private final TwoRegions regions = new TwoRegions(3);

    @AfterEach
    void tearDown() throws IOException {
        regions.close();
    }

    @Test
    void theStandbyCutOffFromALivePrimaryWritesNothingAndWarnsUntilThePathHeals() {
        Heartbeat before = regions.steady();
        regions.primaryEndpoint.link.set(FaultProxy.Mode.REFUSE);

        regions.rounds(3 * RegionLossTest.TAKEOVER_ROUNDS);

        assertThat(regions.answer()).containsExactly(Fleet.PRIMARY);
        Heartbeat now = regions.heartbeatNow().orElseThrow();
        assertThat(now.owner()).isEqualTo(TwoRegions.PRIMARY_REGION);
        assertThat(now.epoch()).isEqualTo(before.epoch());
        assertThat(regions.standby.outcomes(Outcome.WRITTEN)).isZero();
        assertThat(regions.standby.outcomes(Outcome.CAS_LOST)).isZero();
        assertThat(TwoRegions.pages(regions.standby, PARTITION)).as("the partition warning").isNotEmpty()
                .allSatisfy(p -> assertThat(p.severity()).isEqualTo("warning"))
                .extracting(io.saasagent.alerting.Alert::dedupKey).as("one page for the fleet").hasSize(1);
        assertThat(TwoRegions.resolved(regions.standby, PARTITION)).isEmpty();
        Fleet.Agent holder = regions.standby.leader();
        assertThat(((java.util.Map<?, ?>) holder.engine.view().get("region")).get("decision")).as("/failover region.decision on " + holder.name)
                .isEqualTo("partition");

        // The partition outlasts verdict-max-age (8 s of real time here): the standby agents' votes stay fresh, so the
        // holder still sees the endpoint down for the fleet, still a partition, still nothing written.
        io.saasagent.testing.Await.holds(Fleet.VERDICT_MAX_AGE.plusSeconds(2), "the partition still seen, nothing written", () -> {
            regions.round();
            return "partition".equals(((java.util.Map<?, ?>) holder.engine.view().get("region")).get("decision"))
                    && regions.answer().equals(java.util.List.of(Fleet.PRIMARY));
        });
        assertThat(TwoRegions.resolved(regions.standby, PARTITION)).isEmpty();

        regions.primaryEndpoint.link.set(FaultProxy.Mode.PASS);
        regions.roundsUntil(RegionLossTest.BOUND, "the partition warning resolved",
                () -> !TwoRegions.resolved(regions.standby, PARTITION).isEmpty());
        assertThat(regions.answer()).containsExactly(Fleet.PRIMARY);
        assertThat(regions.standby.outcomes(Outcome.WRITTEN)).isZero();
    }
}
