package io.saasagent.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.DependencyState;

import io.saasagent.probe.nats.MirrorLagReading;
import io.saasagent.probe.nats.MirrorReadings;

import java.util.function.Function;

/**
 * {@code nats_mirror_lag_messages{stream}} and {@code nats_mirror_lag_seconds{stream}}, one pair per
 * mirror configured on a nats dependency ({@code agent.dependencies.<name>.mirrors.<origin>=<mirror>};
 * label {@code stream} = the mirror's name), read from the nats probe's typed mirror readings when
 * scraped. NaN until the probe has measured the mirror, so that no alert fires on a value nobody
 * measured; while the origin cannot be read, the last lag in messages and the growing lower bound in seconds.
 */
final class MirrorLagGauges {
    private MirrorLagGauges() {
    }

    static void register(MeterRegistry meters, MetricNames names, DependencyState state, String mirror) {
        gauge(meters, names.name("nats_mirror_lag_messages"), "Messages the mirror is behind its origin", state, mirror,
                MirrorLagReading::lagMessages);
        gauge(meters, names.name("nats_mirror_lag_seconds"),
                "Mirror lag in seconds (age of the oldest missing message): the RPO; a lower bound while the origin cannot be read",
                state, mirror, MirrorLagReading::lagSeconds);
    }

    private static void gauge(MeterRegistry meters, String name, String description, DependencyState state, String mirror,
                              Function<MirrorLagReading, Number> figure) {
        Gauge.builder(name, state, s -> value(s.snapshot(), mirror, figure)).description(description)
                .tag("stream", mirror).strongReference(true).register(meters);
    }

    /** One figure of the mirror's reading, NaN when it was never measured. */
    static double value(DependencySnapshot snapshot, String mirror, Function<MirrorLagReading, Number> figure) {
        MirrorLagReading reading = MirrorReadings.of(snapshot.details()).readings().get(mirror);
        Number n = reading == null ? null : figure.apply(reading);
        return n == null ? Double.NaN : n.doubleValue();
    }
}
