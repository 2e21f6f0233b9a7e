package io.saasagent.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.saasagent.probe.postgres.WalArchive;
import io.saasagent.state.DependencyState;

import java.util.function.Function;

/**
 * The WAL archive of a postgres dependency, read from its probe's typed reading when scraped:
 * {@code postgres_archive_age_seconds{dependency}} (since the last archived segment),
 * {@code postgres_archive_failures_total{dependency}} (pg_stat_archiver.failed_count) and
 * {@code postgres_archive_waiting_segments{dependency}} (completed segments waiting for archive_command).
 * NaN when not measured: archiving off, a role without the grant, the probe failing. The alerts need the
 * waiting count beside the age: an idle database's age grows with nothing wrong.
 */
final class WalArchiveGauges {
    private WalArchiveGauges() {
    }

    static void register(MeterRegistry meters, MetricNames names, DependencyState state) {
        String dependency = state.settings().name();
        Gauge.builder(names.name("postgres_archive_age_seconds"), state, s -> value(s, WalArchive::ageSeconds))
                .description("Seconds since PostgreSQL last archived a WAL segment (pg_stat_archiver); grows on an idle database too")
                .tag("dependency", dependency).strongReference(true).register(meters);
        FunctionCounter.builder(names.name("postgres_archive_failures"), state, s -> value(s, WalArchive::failedCount))
                .description("Failed archive_command runs (pg_stat_archiver.failed_count, since its statistics reset)")
                .tag("dependency", dependency).register(meters);
        Gauge.builder(names.name("postgres_archive_waiting_segments"), state, s -> value(s, WalArchive::waitingSegments))
                .description("Completed WAL segments waiting for archive_command (.ready files); needs pg_monitor")
                .tag("dependency", dependency).strongReference(true).register(meters);
    }

    static double value(DependencyState state, Function<WalArchive, Number> figure) {
        WalArchive archive = WalArchive.of(state.snapshot().details());
        Number n = archive == null ? null : figure.apply(archive);
        return n == null ? Double.NaN : n.doubleValue();
    }
}
