package io.saasagent.failover.region;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.saasagent.metrics.MetricNames;

/**
 * The region metrics, with {@code agent.region.role} primary or standby (prefix {@code agent.metrics.prefix}, default saas):
 * {@code saas_region_heartbeat_age_seconds{region}} (how long this agent has seen the heartbeat unchanged; NaN before its
 * first read) and {@code saas_region_takeover_total{result}} (written, cas_lost, refused, failed), {@code saas_region_fenced{region}}
 * and {@code saas_region_partition{region}} (1 while the agent's region_fenced / primary_unreachable_from_standby page is open).
 */
public final class RegionMetrics {
    private RegionMetrics() {
    }

    /** Registers nothing with role none. */
    public static void bind(RegionStep region, String name, String prefix, MeterRegistry registry) {
        if (!region.active()) {
            return;
        }
        Gauge.builder(MetricNames.name(prefix, "region_heartbeat_age_seconds"), region, RegionStep::heartbeatAgeSeconds)
                .description("How long this agent has seen the region heartbeat unchanged (its own clock); NaN before a read")
                .tags("region", name).strongReference(true).register(registry);
        for (String result : RegionSwaps.RESULTS) {
            FunctionCounter.builder(MetricNames.name(prefix, "region_takeover"), region, r -> r.takeovers(result))
                    .description("Region take-over attempts by result").tags("region", name, "result", result).register(registry);
        }
        Gauge.builder(MetricNames.name(prefix, "region_fenced"), region, RegionStep::fencedGauge)
                .description("1 while this primary agent is fenced (heartbeat not refreshed for fence-after): no DNS write")
                .tags("region", name).strongReference(true).register(registry);
        Gauge.builder(MetricNames.name(prefix, "region_partition"), region, RegionStep::partitionGauge)
                .description("1 while the standby sees the primary's endpoint down and its heartbeat fresh (a partition): no write")
                .tags("region", name).strongReference(true).register(registry);
    }
}
