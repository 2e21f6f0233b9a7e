package io.saasagent.metrics;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.saasagent.config.TestConfigs;
import io.saasagent.metrics.PrometheusText.Sample;
import io.saasagent.config.DependencyType;
import io.saasagent.probe.nats.MirrorLagReading;
import io.saasagent.probe.nats.MirrorReadings;
import io.saasagent.probe.ProbeResult;
import io.saasagent.state.DependencyState;
import io.saasagent.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters fed from real dependency states, scraped in Prometheus format, with a configured prefix:
 * gauges follow the snapshots, counters and histogram follow PROBED events, mirror lag follows the nats
 * probe's details contract.
 */
@Timeout(10)
class DependencyMetricsTest {
    private final MutableClock clock = new MutableClock();
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DependencyMetrics metrics = new DependencyMetrics();
    private DependencyState queue;
    private DependencyState api;

    @BeforeEach
    void register() {
        metrics.meters = prometheus;
        metrics.names = new MetricNames();
        metrics.names.config = TestConfigs.agent(Map.of("agent.metrics.prefix", "acme"));
        queue = state("queue", DependencyType.NATS);
        api = state("api", DependencyType.HTTP);
        metrics.register(queue, List.of("ORDERS_DR"));
        metrics.register(api, List.of());
    }

    private DependencyState state(String name, DependencyType type) {
        return new DependencyState(new DependencyState.Settings(name, type, true, 3, 2, Duration.ofSeconds(30), 2.0,
                Duration.ofMinutes(5), Duration.ofMinutes(5)), clock, metrics::onProbe);
    }

    private double value(String name, Map<String, String> labels) {
        List<Sample> samples = PrometheusText.parse(prometheus.scrape());
        return PrometheusText.named(samples, name).stream().filter(s -> s.labels().equals(labels))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + labels + " in\n" + prometheus.scrape())).value();
    }

    @Test
    void everySeriesExistsBeforeTheFirstProbeUnderTheConfiguredPrefix() {
        assertThat(prometheus.scrape()).doesNotContain("saas_");
        assertThat(value("acme_dependency_up", Map.of("dependency", "api", "type", "http"))).isZero();
        assertThat(value("acme_dependency_status", Map.of("dependency", "api", "status", "unknown"))).isEqualTo(1.0);
        assertThat(value("acme_probe_total", Map.of("dependency", "api", "result", "failure"))).isZero();
        assertThat(value("acme_probe_duration_seconds_count", Map.of("dependency", "api"))).isZero();
        assertThat(value("acme_nats_mirror_lag_seconds", Map.of("stream", "ORDERS_DR"))).as("not measured yet").isNaN();
    }

    @Test
    void mirrorLagComesFromTheNatsDetailsKeyedByMirrorStream() {
        MirrorLagReading mirror = new MirrorLagReading("ORDERS_DR", "ORDERS", 1200L, 48.5, "rate", 24.7, 0.4, false,
                clock.instant(), false, null);
        queue.record(ProbeResult.up(Duration.ofMillis(20), Map.of("mirrors", MirrorReadings.with(java.util.List.of(mirror))), clock.instant()));

        assertThat(value("acme_nats_mirror_lag_messages", Map.of("stream", "ORDERS_DR"))).isEqualTo(1200.0);
        assertThat(value("acme_nats_mirror_lag_seconds", Map.of("stream", "ORDERS_DR"))).isEqualTo(48.5);
        assertThat(value("acme_dependency_up", Map.of("dependency", "queue", "type", "nats"))).isEqualTo(1.0);

        queue.record(ProbeResult.down(Duration.ofMillis(5), "connection refused", Map.of(), clock.instant()));
        assertThat(value("acme_nats_mirror_lag_seconds", Map.of("stream", "ORDERS_DR"))).as("no longer measured").isNaN();
    }

    @Test
    void probesAreCountedByResultAndTimedADegradedProbeIsASuccess() {
        api.record(ProbeResult.up(Duration.ofMillis(20), Map.of(), clock.instant()));
        api.record(ProbeResult.degraded(Duration.ofMillis(1500), "slow", Map.of(), clock.instant()));

        assertThat(value("acme_probe_total", Map.of("dependency", "api", "result", "success"))).isEqualTo(2.0);
        assertThat(value("acme_probe_total", Map.of("dependency", "api", "result", "failure"))).isZero();
        assertThat(value("acme_dependency_status", Map.of("dependency", "api", "status", "degraded"))).isEqualTo(1.0);
        assertThat(value("acme_dependency_status", Map.of("dependency", "api", "status", "healthy"))).isZero();
        assertThat(value("acme_probe_duration_seconds_count", Map.of("dependency", "api"))).isEqualTo(2.0);
        assertThat(value("acme_probe_duration_seconds_sum", Map.of("dependency", "api"))).isCloseTo(1.52, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(value("acme_probe_duration_seconds_bucket", Map.of("dependency", "api", "le", "0.025"))).isEqualTo(1.0);
        assertThat(value("acme_probe_duration_seconds_bucket", Map.of("dependency", "api", "le", "2.5"))).isEqualTo(2.0);
    }

    @Test
    void failuresMoveUpStatusCircuitAndTheFailureRun() {
        api.record(ProbeResult.up(Duration.ofMillis(20), Map.of(), clock.instant()));
        for (int i = 0; i < 3; i++) {
            api.record(ProbeResult.down(Duration.ofMillis(3000), "timeout after 3000 ms", Map.of(), clock.instant()));
        }

        assertThat(value("acme_dependency_up", Map.of("dependency", "api", "type", "http"))).isZero();
        assertThat(value("acme_dependency_status", Map.of("dependency", "api", "status", "circuit_open"))).isEqualTo(1.0);
        assertThat(value("acme_dependency_circuit_state", Map.of("dependency", "api"))).isEqualTo(1.0);
        assertThat(value("acme_dependency_consecutive_failures", Map.of("dependency", "api"))).isEqualTo(3.0);
        assertThat(value("acme_probe_total", Map.of("dependency", "api", "result", "failure"))).isEqualTo(3.0);
        assertThat(value("acme_probe_total", Map.of("dependency", "api", "result", "success"))).isEqualTo(1.0);

        clock.advance(Duration.ofSeconds(31));
        assertThat(api.permitProbe()).isTrue();
        assertThat(value("acme_dependency_circuit_state", Map.of("dependency", "api"))).as("half_open").isEqualTo(2.0);
    }
}
