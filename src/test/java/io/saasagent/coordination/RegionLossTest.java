package io.saasagent.coordination;

import io.saasagent.failover.policy.Outcome;
import io.saasagent.region.Heartbeat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, region loss, on {@link TwoRegions}: two fleets of three agents, each with its own API server and Redis,
 * one real BIND 9 holding the record and the heartbeat. The primary region lost at once: the standby's holder moves
 * the record and the heartbeat in one swap; a standby that cannot serve never does.
 */
@Timeout(120)
class RegionLossTest {
    static final Duration BOUND = Duration.ofSeconds(60);
    /** takeover-after (90 s) in 10 s rounds. */
    static final int TAKEOVER_ROUNDS = 9;
    private final TwoRegions regions = new TwoRegions(3);

    @AfterEach
    void tearDown() throws IOException {
        regions.close();
    }

    @Test
    void bothRegionsHealthyTheRecordStaysOnThePrimaryAndOnlyTheHeartbeatMoves() {
        Heartbeat first = regions.steady();
        regions.rounds(3 * TAKEOVER_ROUNDS);
        assertThat(regions.answer()).containsExactly(Fleet.PRIMARY);
        Heartbeat now = regions.heartbeatNow().orElseThrow();
        assertThat(now.owner()).isEqualTo(TwoRegions.PRIMARY_REGION);
        assertThat(now.epoch()).as("a refresh never changes the epoch").isEqualTo(first.epoch());
        assertThat(now.ts()).isGreaterThan(first.ts());
        assertThat(regions.standby.outcomes(Outcome.WRITTEN)).isZero();
    }

    @Test
    void thePrimaryRegionLostTheStandbyWritesRecordAndHeartbeatOnceWithinTakeoverAfterAndThreeRounds() {
        Heartbeat before = regions.steady();
        long serial = regions.serial();

        regions.losePrimaryRegion();
        int rounds = regions.roundsUntil(BOUND, Fleet.RECORD + " answers the DR target",
                () -> regions.answer().equals(List.of(Fleet.DR)));
        System.out.printf("[region lost] record moved %d rounds (%d s of the engines' clock) after the primary went dark%n", rounds, rounds * 10);
        assertThat(rounds).as("rounds from dark to the write").isLessThanOrEqualTo(TAKEOVER_ROUNDS + 3);
        regions.standby.rounds(5);

        assertThat(regions.serial()).as("one swap, one serial: record and heartbeat together").isEqualTo(serial + 1);
        Heartbeat after = regions.heartbeatNow().orElseThrow();
        assertThat(after.owner()).isEqualTo(TwoRegions.STANDBY_REGION);
        assertThat(after.epoch()).isEqualTo(before.epoch() + 1);
        assertThat(regions.standby.outcomes(Outcome.WRITTEN)).isEqualTo(1);

        Fleet.Agent holder = regions.standby.leader();
        assertThat(incident(holder)).as(holder.engine.view().toString()).isNotNull();
        assertThat(incident(holder).get("rule")).isEqualTo("region_lost");
        assertThat(((Map<?, ?>) holder.engine.view().get("region")).get("decision")).isEqualTo("gone");
        regions.standby.roundsUntil(BOUND, "the RTO verdict PASS on " + holder.name, () -> "PASS".equals(recovery(holder).get("verdict")));
        assertThat(recovery(holder).get("objective_seconds")).isEqualTo(300L);
        assertThat(TwoRegions.pages(regions.standby, "fired")).hasSize(1);
        assertThat(TwoRegions.pages(regions.standby, "written")).hasSize(1);
    }

    @Test
    void aStandbyWhoseOwnCriticalRedisIsDownNeverTakesOver() {
        Heartbeat before = regions.steady();
        regions.standby.redis.kill();
        regions.losePrimaryRegion();
        long serial = regions.serial();

        regions.rounds(3 * TAKEOVER_ROUNDS);

        assertThat(regions.answer()).containsExactly(Fleet.PRIMARY);
        assertThat(regions.serial()).as("nothing written").isEqualTo(serial);
        assertThat(regions.heartbeatNow().orElseThrow().owner()).isEqualTo(TwoRegions.PRIMARY_REGION);
        assertThat(regions.heartbeatNow().orElseThrow().epoch()).isEqualTo(before.epoch());
        assertThat(regions.standby.outcomes(Outcome.WRITTEN)).isZero();
        assertThat(TwoRegions.pages(regions.standby, "written")).isEmpty();
    }

    private static Map<?, ?> incident(Fleet.Agent agent) {
        return (Map<?, ?>) agent.engine.view().get("incident");
    }

    private static Map<?, ?> recovery(Fleet.Agent agent) {
        return (Map<?, ?>) ((Map<?, ?>) incident(agent).get("contracts")).get("api_recovery");
    }
}
