package io.saasagent.failover.policy;

import io.saasagent.config.DependencyType;
import io.saasagent.probe.nats.MirrorLagReading;
import io.saasagent.probe.nats.MirrorReadings;
import io.saasagent.state.CircuitState;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.DependencyStatus;
import io.saasagent.state.WindowStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each signal against hand-made snapshots: thresholds, scopes, windows, latching. */
@Timeout(5)
class PolicyRulesTest {
    private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");
    private static final Duration FIVE_MIN = Duration.ofMinutes(5);

    private static RuleSpec rule(RuleSpec.Signal signal, double threshold, Duration window, List<String> deps) {
        return new RuleSpec("r", signal, deps, threshold, window, RuleSpec.Action.ALERT, "warning", 3, true);
    }

    private static DependencySnapshot snap(String name, DependencyType type, boolean critical, DependencyStatus status,
                                           int failures, WindowStats window, Map<String, Object> details) {
        return new DependencySnapshot(name, type, critical, status, CircuitState.CLOSED, failures, failures == 0 ? 1 : 0,
                Duration.ofMillis(5), T0, failures > 0 ? T0 : null, failures > 0 ? "refused" : null, failures > 0 ? T0 : null,
                details, window, 10);
    }

    private static DependencySnapshot healthy(String name, DependencyType type, boolean critical) {
        return snap(name, type, critical, DependencyStatus.HEALTHY, 0, WindowStats.EMPTY, Map.of());
    }

    private static RuleEvaluation evaluate(RuleSpec rule, List<DependencySnapshot> snapshots) {
        PolicyRules rules = new PolicyRules(List.of(rule), "dr-api", FIVE_MIN);
        rules.evaluate(snapshots, T0);
        return rules.current().get(rule.name());
    }

    @Test
    void errorRateNeedsTheMinimumSamplesAndMoreThanTheThreshold() {
        RuleSpec rule = rule(RuleSpec.Signal.ERROR_RATE, 0.5, FIVE_MIN, List.of());
        WindowStats high = new WindowStats(6, 4, 4 / 6.0, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        WindowStats half = new WindowStats(6, 3, 0.5, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        WindowStats blip = new WindowStats(2, 2, 1.0, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        assertThat(evaluate(rule, List.of(snap("db", DependencyType.POSTGRES, true, DependencyStatus.HEALTHY, 0, high, Map.of())))
                .firing()).isTrue();
        assertThat(evaluate(rule, List.of(snap("db", DependencyType.POSTGRES, true, DependencyStatus.HEALTHY, 0, half, Map.of())))
                .firing()).as("50% is not over 50%").isFalse();
        assertThat(evaluate(rule, List.of(snap("db", DependencyType.POSTGRES, true, DependencyStatus.HEALTHY, 0, blip, Map.of())))
                .firing()).as("2 samples: below min-samples").isFalse();
    }

    @Test
    void latencyP99IsComparedInSeconds() {
        RuleSpec rule = rule(RuleSpec.Signal.LATENCY_P99, 10, null, List.of());
        WindowStats slow = new WindowStats(5, 0, 0, Duration.ofSeconds(1), Duration.ofSeconds(9), Duration.ofMillis(10_500));
        WindowStats ok = new WindowStats(5, 0, 0, Duration.ofSeconds(1), Duration.ofSeconds(9), Duration.ofSeconds(10));
        RuleEvaluation e = evaluate(rule, List.of(snap("api", DependencyType.HTTP, true, DependencyStatus.DEGRADED, 0, slow, Map.of())));
        assertThat(e.firing()).isTrue();
        assertThat(e.value()).isEqualTo(10.5);
        assertThat(e.reason()).contains("p99 latency 10.500 s over 5m");
        assertThat(evaluate(rule, List.of(snap("api", DependencyType.HTTP, true, DependencyStatus.HEALTHY, 0, ok, Map.of()))).firing()).isFalse();
    }

    @Test
    void emptyDependenciesMeanEveryCriticalOneButTheDrTarget() {
        RuleSpec rule = rule(RuleSpec.Signal.CONSECUTIVE_FAILURES, 3, null, List.of());
        DependencySnapshot drDown = snap("dr-api", DependencyType.HTTP, true, DependencyStatus.UNHEALTHY, 5, WindowStats.EMPTY, Map.of());
        DependencySnapshot optionalDown = snap("cache", DependencyType.REDIS, false, DependencyStatus.UNHEALTHY, 5, WindowStats.EMPTY, Map.of());
        assertThat(evaluate(rule, List.of(drDown, optionalDown, healthy("db", DependencyType.POSTGRES, true))).firing()).isFalse();
        DependencySnapshot dbDown = snap("db", DependencyType.POSTGRES, true, DependencyStatus.UNHEALTHY, 3, WindowStats.EMPTY, Map.of());
        RuleEvaluation e = evaluate(rule, List.of(drDown, optionalDown, dbDown));
        assertThat(e.firing()).isTrue();
        assertThat(e.involved()).containsExactly("db");
        assertThat(e.firstFailure()).isEqualTo(T0);
    }

    @Test
    void consecutiveFailuresStaysFiringUntilTheDependencyIsUpAgain() {
        RuleSpec rule = rule(RuleSpec.Signal.CONSECUTIVE_FAILURES, 3, null, List.of());
        PolicyRules rules = new PolicyRules(List.of(rule), "dr-api", FIVE_MIN);
        assertThat(rules.evaluate(List.of(snap("db", DependencyType.POSTGRES, true, DependencyStatus.UNHEALTHY, 3, WindowStats.EMPTY, Map.of())), T0))
                .singleElement().satisfies(e -> assertThat(e.firing()).isTrue());
        // one success: counters reset, but the dependency is still latched unhealthy (success-threshold 2)
        assertThat(rules.evaluate(List.of(snap("db", DependencyType.POSTGRES, true, DependencyStatus.UNHEALTHY, 0, WindowStats.EMPTY, Map.of())), T0))
                .as("no edge").isEmpty();
        assertThat(rules.evaluate(List.of(healthy("db", DependencyType.POSTGRES, true)), T0))
                .singleElement().satisfies(e -> assertThat(e.firing()).isFalse());
    }

    @Test
    void allUnreachableNeedsEveryNatsDependencyDown() {
        RuleSpec rule = rule(RuleSpec.Signal.ALL_UNREACHABLE, 1, null, List.of());
        DependencySnapshot n1Down = snap("nats-1", DependencyType.NATS, false, DependencyStatus.UNHEALTHY, 3, WindowStats.EMPTY, Map.of());
        DependencySnapshot n2Down = snap("nats-2", DependencyType.NATS, false, DependencyStatus.CIRCUIT_OPEN, 3, WindowStats.EMPTY, Map.of());
        DependencySnapshot redisDown = snap("redis", DependencyType.REDIS, true, DependencyStatus.UNHEALTHY, 3, WindowStats.EMPTY, Map.of());
        assertThat(evaluate(rule, List.of(n1Down, healthy("nats-2", DependencyType.NATS, false), redisDown)).firing()).isFalse();
        RuleEvaluation e = evaluate(rule, List.of(n1Down, n2Down, redisDown));
        assertThat(e.firing()).isTrue();
        assertThat(e.involved()).containsExactly("nats-1", "nats-2");
        assertThat(evaluate(rule, List.of(redisDown)).firing()).as("no nats dependency at all").isFalse();
    }

    private static MirrorLagReading reading(String mirror, Double lagSeconds) {
        return new MirrorLagReading(mirror, "ORIGIN", lagSeconds == null ? null : 100L, lagSeconds, "oldest_message", 1.0, 0.5,
                false, lagSeconds == null ? null : T0, lagSeconds == null, null);
    }

    @Test
    void mirrorLagReadsTheNatsProbeDetails() {
        RuleSpec rule = rule(RuleSpec.Signal.MIRROR_LAG, 180, null, List.of());
        Map<String, Object> lagging = Map.of("mirrors", MirrorReadings.with(List.of(reading("AGENTESE_MIRROR", 240.0), reading("OTHER_MIRROR", 10.0))));
        RuleEvaluation e = evaluate(rule, List.of(snap("nats", DependencyType.NATS, true, DependencyStatus.DEGRADED, 0, WindowStats.EMPTY, lagging)));
        assertThat(e.firing()).isTrue();
        assertThat(e.value()).isEqualTo(240.0);
        assertThat(e.reason()).contains("nats/AGENTESE_MIRROR: mirror lag 240 s");
        Map<String, Object> malformed = Map.of("mirrors", Map.of("M", Map.of("lag_seconds", 900.0)));
        assertThat(evaluate(rule, List.of(snap("nats", DependencyType.NATS, true, DependencyStatus.HEALTHY, 0, WindowStats.EMPTY, malformed)))
                .firing()).as("a plain map is no reading").isFalse();
        Map<String, Object> neverMeasured = Map.of("mirrors", MirrorReadings.with(List.of(reading("M", null))));
        assertThat(evaluate(rule, List.of(snap("nats", DependencyType.NATS, true, DependencyStatus.HEALTHY, 0, WindowStats.EMPTY, neverMeasured)))
                .firing()).isFalse();
    }

    @Test
    void aRuleWindowShorterThanTheMetricsWindowKeepsItsOwnSamples() {
        RuleSpec oneMinute = rule(RuleSpec.Signal.ERROR_RATE, 0.5, Duration.ofMinutes(1), List.of("db"));
        PolicyRules rules = new PolicyRules(List.of(oneMinute), "dr-api", FIVE_MIN);
        WindowStats fiveMinutesHigh = new WindowStats(10, 6, 0.6, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        for (int i = 0; i < 4; i++) { // four failures, 10 s apart
            rules.observe(at(T0.plusSeconds(10L * i), false, fiveMinutesHigh));
        }
        rules.evaluate(List.of(at(T0.plusSeconds(30), false, fiveMinutesHigh)), T0.plusSeconds(30));
        assertThat(rules.current().get("r").firing()).isTrue();
        for (int i = 0; i < 6; i++) { // then six successes
            rules.observe(at(T0.plusSeconds(40 + 10L * i), true, fiveMinutesHigh));
        }
        Instant later = T0.plusSeconds(100);
        rules.evaluate(List.of(at(later, true, fiveMinutesHigh)), later);
        assertThat(rules.current().get("r").firing())
                .as("the last minute holds only the 6 successes, whatever the 5 min window says").isFalse();
    }

    private static DependencySnapshot at(Instant at, boolean ok, WindowStats window) {
        return new DependencySnapshot("db", DependencyType.POSTGRES, true, DependencyStatus.HEALTHY, CircuitState.CLOSED,
                ok ? 0 : 1, ok ? 1 : 0, Duration.ofMillis(5), ok ? at : null, ok ? null : at, null, ok ? null : at, Map.of(), window, 1);
    }
}
