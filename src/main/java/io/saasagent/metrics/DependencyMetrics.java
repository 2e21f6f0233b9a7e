package io.saasagent.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.saasagent.config.AgentConfig;
import io.saasagent.config.DependencyType;
import io.saasagent.state.DependencyEvent;
import io.saasagent.state.DependencyRegistry;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.DependencyState;
import io.saasagent.state.DependencyStatus;
import io.saasagent.support.StartupPriorities;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The dependency side of the Prometheus metrics. Gauges read each dependency's current snapshot when
 * scraped (lock-free; a scrape never waits on a probe). The counter and the histogram are fed from
 * {@code PROBED} events. Every series exists from start (counters at 0), so rates and alerts work
 * before the first failure.
 *
 * <p>{@code probe_total{result}} is {@code success} or {@code failure}, the same split as the
 * thresholds and the error-rate rule: a degraded (slow) probe answered, so it is a success here; the
 * slowness shows in {@code probe_duration_seconds} and in {@code dependency_status{status="degraded"}}.
 */
@ApplicationScoped
public class DependencyMetrics {
    /** Histogram buckets from a fast loopback answer up to the longest sensible probe timeout. */
    static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15),
        Duration.ofSeconds(30)};

    @Inject
    MeterRegistry meters;

    @Inject
    MetricNames names;

    @Inject
    DependencyRegistry registry;

    @Inject
    AgentConfig config;

    private record ProbeMeters(Counter success, Counter failure, Timer duration) {
    }

    private final Map<String, ProbeMeters> probeMeters = new ConcurrentHashMap<>();

    /** Before the first probe runs, so that its event finds its meters. */
    void register(@Observes @Priority(StartupPriorities.PROBES - 1) StartupEvent event) {
        registry.all().forEach(state -> register(state, config.dependencies().get(state.settings().name()).mirrors().values()));
    }

    /** The meters of one dependency; {@code mirrors}: the mirror streams of a nats dependency. */
    void register(DependencyState state, Collection<String> mirrors) {
        String dependency = state.settings().name();
        Tags tags = Tags.of("dependency", dependency);
        gauge("dependency_up", "1 while the dependency answers (healthy or degraded), else 0",
                tags.and("type", state.settings().type().id()), state, s -> s.up() ? 1 : 0);
        for (DependencyStatus status : DependencyStatus.values()) {
            gauge("dependency_status", "1 for the dependency's current status, 0 for the others",
                    tags.and("status", status.id()), state, s -> s.status() == status ? 1 : 0);
        }
        gauge("dependency_circuit_state", "Circuit breaker: 0 closed, 1 open, 2 half_open", tags, state, s -> s.circuit().gauge());
        gauge("dependency_consecutive_failures", "Failed probes in a row", tags, state, DependencySnapshot::consecutiveFailures);
        probeMeters.put(dependency, new ProbeMeters(probeCounter(tags, "success"), probeCounter(tags, "failure"),
                Timer.builder(names.name("probe_duration")).description("Probe duration, timeouts included")
                        .tags(tags).serviceLevelObjectives(BUCKETS).register(meters)));
        if (state.settings().type() == DependencyType.NATS) {
            mirrors.forEach(mirror -> MirrorLagGauges.register(meters, names, state, mirror));
        }
        if (state.settings().type() == DependencyType.POSTGRES) {
            WalArchiveGauges.register(meters, names, state);
        }
        if (state.settings().type() == DependencyType.TLS) {
            CertificateExpiryGauge.register(meters, names.name(CertificateExpiryGauge.SUFFIX), "", dependency, state,
                    s -> s.snapshot().details().get("expires_in_seconds") instanceof Number n ? n.doubleValue() : Double.NaN);
        }
    }

    private Counter probeCounter(Tags tags, String result) {
        return Counter.builder(names.name("probe")).description("Probes run, by result (a degraded probe is a success)")
                .tags(tags.and("result", result)).register(meters);
    }

    void onProbe(@Observes DependencyEvent event) {
        if (event.kind() != DependencyEvent.Kind.PROBED) {
            return;
        }
        DependencySnapshot s = event.current();
        ProbeMeters m = probeMeters.get(s.name());
        if (m == null) {
            return; // not registered (metrics started after the probe): the next probe counts
        }
        // After a recorded probe the failure run is 0 exactly when that probe succeeded.
        (s.consecutiveFailures() == 0 ? m.success() : m.failure()).increment();
        if (s.latency() != null) {
            m.duration().record(s.latency());
        }
    }

    private void gauge(String suffix, String description, Tags tags, DependencyState state, ToDoubleFunction<DependencySnapshot> value) {
        Gauge.builder(names.name(suffix), state, st -> value.applyAsDouble(st.snapshot())).description(description).tags(tags)
                .strongReference(true).register(meters);
    }
}
