package io.saasagent.coordination;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, region loss, on {@link TwoRegions}: two fleets of three agents, each with its own API server and Redis,
 * one real BIND 9 holding the record and the heartbeat.
 */
@Timeout(120)
class RegionLossTest {
    static final Duration BOUND = Duration.ofSeconds(60);
    private final TwoRegions regions = new TwoRegions(3);

    @AfterEach
    void tearDown() throws IOException {
        regions.close();
    }

    @Test
    void bothRegionsHealthyTheRecordStaysOnThePrimary() {
        regions.leaders();
        regions.rounds(12);
        assertThat(regions.answer()).containsExactly(Fleet.PRIMARY);
    }
}
