package io.saasagent.coordination;

import io.saasagent.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bench/region-takeover.sh: the region-lost scenario of {@link RegionLossTest} in REAL time, RUNS times: rounds every
 * heartbeat-interval on a schedule (the clocks set to now), the primary region dark at once, the time until BIND
 * answers the DR target. Short but proportionate settings (the defaults divided by 10). Skipped unless
 * {@code -Dregion.bench=true}.
 */
@EnabledIfSystemProperty(named = "region.bench", matches = "true")
@Timeout(600)
class RegionTakeoverBench {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration FENCE_AFTER = Duration.ofSeconds(3);
    static final Duration TAKEOVER_AFTER = Duration.ofSeconds(9);
    static final int FAILURE_THRESHOLD = 3;
    static final long TTL_SECONDS = 60;
    static final Duration RTO_BUDGET = Duration.ofMinutes(5);

    @Test
    void timeFromThePrimaryGoingDarkToTheRecordMoved() throws Exception {
        int runs = Integer.getInteger("region.bench.runs", 5);
        Map<String, String> timing = Map.of("agent.region.heartbeat-interval", INTERVAL.toMillis() + "ms",
                "agent.region.fence-after", FENCE_AFTER.toMillis() + "ms", "agent.region.takeover-after", TAKEOVER_AFTER.toMillis() + "ms");
        Map<String, String> standby = new java.util.HashMap<>(timing);
        standby.put("agent.dependencies." + TwoRegions.PRIMARY_API + ".interval", INTERVAL.toMillis() + "ms");
        standby.put("agent.dependencies." + TwoRegions.PRIMARY_API + ".failure-threshold", String.valueOf(FAILURE_THRESHOLD));
        double detectionBound = FAILURE_THRESHOLD * INTERVAL.toMillis() / 1000.0 + TAKEOVER_AFTER.toMillis() / 1000.0;
        List<Double> measured = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            double seconds = once(timing, standby);
            measured.add(seconds);
            System.out.printf(Locale.ROOT, "[region take-over] run %d: %.1f s from the primary dark to %s answering the DR target "
                    + "(bound from the settings: detection <= %d x %.0f s + %.0f s = %.0f s)%n", run, seconds, Fleet.RECORD,
                    FAILURE_THRESHOLD, INTERVAL.toMillis() / 1000.0, TAKEOVER_AFTER.toMillis() / 1000.0, detectionBound);
        }
        double max = measured.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double mean = measured.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf(Locale.ROOT, "[region take-over] %d runs: mean %.1f s, max %.1f s; RTO = that + TTL %d s = %.1f s, budget %d s (%s); "
                        + "settings interval %.0f s, fence-after %.0f s, takeover-after %.0f s, failure-threshold %d%n", runs, mean, max,
                TTL_SECONDS, max + TTL_SECONDS, RTO_BUDGET.toSeconds(), max + TTL_SECONDS <= RTO_BUDGET.toSeconds() ? "PASS" : "FAIL",
                INTERVAL.toMillis() / 1000.0, FENCE_AFTER.toMillis() / 1000.0, TAKEOVER_AFTER.toMillis() / 1000.0, FAILURE_THRESHOLD);
        System.out.printf(Locale.ROOT, "[region take-over] at the defaults (x10: interval 10 s, takeover-after 90 s): detection <= %.0f s, "
                + "RTO ~ %.0f s + write + TTL %d s = %.0f s of the %d s budget%n", detectionBound * 10, detectionBound * 10, TTL_SECONDS,
                detectionBound * 10 + TTL_SECONDS, RTO_BUDGET.toSeconds());
        assertThat(max).as("every run moved the record within the detection bound and a few intervals").isLessThan(detectionBound + 5);
    }

    /** One run: the steady state, then the primary region dark; seconds until BIND answers the DR target. */
    private static double once(Map<String, String> primary, Map<String, String> standby) throws Exception {
        ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor();
        try (TwoRegions regions = new TwoRegions(3, primary, standby)) {
            rounds.scheduleAtFixedRate(() -> {
                try {
                    regions.roundAt(Instant.now());
                } catch (RuntimeException e) {
                    System.out.println("[region take-over] round failed: " + e);
                }
            }, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            regions.leaders();
            Await.until(Duration.ofSeconds(30), "the standby has seen the primary's heartbeat change",
                    () -> regions.heartbeatNow().filter(h -> h.ts() > 0).isPresent() && regions.standby.agents.get(0).engine.view().toString()
                            .contains("owner=" + TwoRegions.PRIMARY_REGION));
            Await.until(Duration.ofSeconds(10), "a few refreshes", () -> regions.serial() > 3);
            long dark = System.nanoTime();
            rounds.submit(regions::losePrimaryRegion).get();
            Await.until(Duration.ofSeconds(120), Fleet.RECORD + " answers the DR target", () -> regions.answer().equals(List.of(Fleet.DR)));
            return (System.nanoTime() - dark) / 1e9;
        } finally {
            rounds.shutdownNow();
            rounds.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
