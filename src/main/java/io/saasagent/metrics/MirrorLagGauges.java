package io.saasagent.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.DependencyState;

import java.util.Map;

/**
 * {@code nats_mirror_lag_messages{stream}} and {@code nats_mirror_lag_seconds{stream}}, one pair per
 * mirror configured on a nats dependency ({@code agent.dependencies.<name>.mirrors.<origin>=<mirror>};
 * label {@code stream} = the mirror's name), read from the nats probe's details when scraped:
 * {@code details.mirrors.<mirror>.lag_messages} and {@code .lag_seconds}. NaN until the probe has
 * measured the mirror, so that no alert fires on a value nobody measured.
 */
final class MirrorLagGauges {
    private MirrorLagGauges() {
    }

    static void register(MeterRegistry meters, MetricNames names, DependencyState state, String mirror) {
        gauge(meters, names.name("nats_mirror_lag_messages"), "Messages the mirror is behind its origin", state, mirror, "lag_messages");
        gauge(meters, names.name("nats_mirror_lag_seconds"), "Mirror lag in seconds (lag / origin publish rate): the RPO", state, mirror, "lag_seconds");
    }

    private static void gauge(MeterRegistry meters, String name, String description, DependencyState state, String mirror, String key) {
        Gauge.builder(name, state, s -> value(s.snapshot(), mirror, key)).description(description)
                .tag("stream", mirror).strongReference(true).register(meters);
    }

    /** {@code details.mirrors.<mirror>.<key>} as a number, NaN when absent. */
    static double value(DependencySnapshot snapshot, String mirror, String key) {
        if (snapshot.details().get("mirrors") instanceof Map<?, ?> mirrors
                && mirrors.get(mirror) instanceof Map<?, ?> lag
                && lag.get(key) instanceof Number number) {
            return number.doubleValue();
        }
        return Double.NaN;
    }
}
