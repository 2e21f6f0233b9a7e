package io.saasagent.state;

import io.saasagent.config.DependencyType;
import io.saasagent.probe.ProbeResult;
import io.saasagent.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Thresholds, breaker and window of one dependency, driven by an injected clock: no sleeping. */
class DependencyStateTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<DependencyEvent> events = new ArrayList<>();
    private final DependencyState state = new DependencyState(new DependencyState.Settings("redis", DependencyType.REDIS, true,
            3, 2, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(2), Duration.ofMinutes(5)), clock, events::add);

    private void ok() {
        probe(ProbeResult.up(Duration.ofMillis(5), Map.of(), clock.instant()));
    }

    private void fail() {
        probe(ProbeResult.down(Duration.ofMillis(7), "connection refused", Map.of(), clock.instant()));
    }

    private void probe(ProbeResult result) {
        assertThat(state.permitProbe()).as("breaker permits a probe").isTrue();
        state.record(result);
        clock.advance(Duration.ofSeconds(10));
    }

    private DependencySnapshot now() {
        return state.snapshot();
    }

    @Test
    void unknownUntilFirstResultThenHealthy() {
        assertThat(now().status()).isEqualTo(DependencyStatus.UNKNOWN);
        ok();
        assertThat(now().status()).isEqualTo(DependencyStatus.HEALTHY);
        assertThat(now().consecutiveSuccesses()).isEqualTo(1);
    }

    @Test
    void singleBlipsChangeNothingAndTheThirdFailureInARowOpensTheCircuit() {
        ok();
        fail();
        fail();
        assertThat(now().status()).isEqualTo(DependencyStatus.HEALTHY);
        assertThat(now().consecutiveFailures()).isEqualTo(2);
        assertThat(now().circuit()).isEqualTo(CircuitState.CLOSED);
        fail();
        assertThat(now().consecutiveFailures()).isEqualTo(3);
        assertThat(now().circuit()).isEqualTo(CircuitState.OPEN);
        assertThat(now().status()).isEqualTo(DependencyStatus.CIRCUIT_OPEN);
        assertThat(now().lastError()).isEqualTo("connection refused");
        assertThat(events).extracting(DependencyEvent::kind).contains(DependencyEvent.Kind.CIRCUIT_CHANGED, DependencyEvent.Kind.STATUS_CHANGED);
    }

    @Test
    void flappingThatNeverFailsThreeTimesInARowStaysHealthy() {
        ok();
        for (int i = 0; i < 20; i++) {
            fail();
            fail();
            ok();
            assertThat(now().status()).isEqualTo(DependencyStatus.HEALTHY);
            assertThat(now().circuit()).isEqualTo(CircuitState.CLOSED);
        }
        assertThat(events).noneMatch(e -> e.kind() == DependencyEvent.Kind.STATUS_CHANGED && e.current().down());
        assertThat(now().window().errorRate()).isGreaterThan(0.5);
    }

    @Test
    void openCircuitSkipsProbesThenHalfOpenTrialClosesItAndSuccessThresholdHeals() {
        fail();
        fail();
        fail();
        assertThat(state.permitProbe()).as("open: no probe").isFalse();
        clock.advance(Duration.ofSeconds(25)); // 35 s since opening (10 s were added after the third failure)
        assertThat(state.permitProbe()).as("after the open duration: one trial").isTrue();
        assertThat(now().circuit()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(now().status()).isEqualTo(DependencyStatus.UNHEALTHY);
        state.record(ProbeResult.up(Duration.ofMillis(3), Map.of(), clock.instant()));
        assertThat(now().circuit()).isEqualTo(CircuitState.CLOSED);
        assertThat(now().status()).as("one success is below the success threshold").isEqualTo(DependencyStatus.UNHEALTHY);
        ok();
        assertThat(now().status()).isEqualTo(DependencyStatus.HEALTHY);
    }

    @Test
    void repeatedOpeningsWaitLongerUpToTheCap() {
        fail();
        fail();
        fail();
        Duration[] expected = {Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(120)};
        clock.advance(Duration.ofSeconds(-10)); // back to the instant the circuit opened
        for (Duration wait : expected) {
            clock.advance(wait.minusSeconds(1));
            assertThat(state.permitProbe()).as("still open 1 s before %s", wait).isFalse();
            clock.advance(Duration.ofSeconds(2));
            assertThat(state.permitProbe()).as("half open after %s", wait).isTrue();
            state.record(ProbeResult.down(Duration.ofMillis(1), "still down", Map.of(), clock.instant()));
            assertThat(now().circuit()).isEqualTo(CircuitState.OPEN); // re-opened now, for longer
        }
    }

    @Test
    void operatorResetClosesTheCircuit() {
        fail();
        fail();
        fail();
        assertThat(now().circuit()).isEqualTo(CircuitState.OPEN);
        state.resetCircuit();
        assertThat(now().circuit()).isEqualTo(CircuitState.CLOSED);
        assertThat(state.permitProbe()).isTrue();
    }

    @Test
    void degradedCountsAsSuccessButShowsDegraded() {
        probe(ProbeResult.degraded(Duration.ofSeconds(2), "slow: 2000 ms over budget 1000 ms", Map.of(), clock.instant()));
        assertThat(now().status()).isEqualTo(DependencyStatus.DEGRADED);
        assertThat(now().up()).isTrue();
        fail();
        assertThat(now().status()).as("a blip keeps the judged status").isEqualTo(DependencyStatus.DEGRADED);
    }

    @Test
    void windowForgetsResultsOlderThanItsLength() {
        fail();
        for (int i = 0; i < 3; i++) {
            ok();
        }
        assertThat(now().window().samples()).isEqualTo(4);
        assertThat(now().window().errorRate()).isEqualTo(0.25);
        clock.advance(Duration.ofMinutes(5));
        ok();
        assertThat(now().window().samples()).isEqualTo(1);
        assertThat(now().window().errorRate()).isZero();
    }

    @Test
    void percentilesAreNearestRank() {
        for (int ms = 1; ms <= 100; ms++) {
            probe(ProbeResult.up(Duration.ofMillis(ms), Map.of(), clock.instant()));
            clock.advance(Duration.ofSeconds(-9)); // keep all 100 inside the window
        }
        WindowStats w = now().window();
        assertThat(w.samples()).isEqualTo(100);
        assertThat(w.p50()).isEqualTo(Duration.ofMillis(50));
        assertThat(w.p95()).isEqualTo(Duration.ofMillis(95));
        assertThat(w.p99()).isEqualTo(Duration.ofMillis(99));
    }

    @Test
    void windowStatisticsAgeOutWhileTheCircuitIsOpen() {
        DependencyState open = new DependencyState(new DependencyState.Settings("db", DependencyType.POSTGRES, true,
                3, 2, Duration.ofMinutes(10), 2.0, Duration.ofMinutes(10), Duration.ofMinutes(1)), clock, e -> { });
        for (int i = 0; i < 3; i++) {
            assertThat(open.permitProbe()).isTrue();
            open.record(ProbeResult.down(Duration.ofMillis(7), "connection refused", Map.of(), clock.instant()));
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(open.snapshot().circuit()).isEqualTo(CircuitState.OPEN);
        assertThat(open.snapshot().window().samples()).isEqualTo(3);
        assertThat(open.snapshot().window().errorRate()).isEqualTo(1.0);

        clock.advance(Duration.ofSeconds(50)); // the first failure is now 65 s old, the last 55 s
        assertThat(open.permitProbe()).as("still open: no probe").isFalse();
        assertThat(open.snapshot().window().samples()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(2));
        assertThat(open.permitProbe()).isFalse();
        assertThat(open.snapshot().window().samples()).as("every result older than the window").isZero();
        assertThat(open.snapshot().status()).isEqualTo(DependencyStatus.CIRCUIT_OPEN);
    }
}
