package io.saasagent.metrics;

import io.saasagent.config.AgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one place the metric prefix ({@code agent.metrics.prefix}, default {@code saas}) is applied,
 * for every feature that registers metrics: {@code names.name("failover_state")} is
 * {@code saas_failover_state}.
 *
 * <p>Micrometer's Prometheus registry adds the unit and type suffixes itself: give a counter's name
 * without {@code _total} and a timer's without {@code _seconds} ({@code name("probe")} as a counter
 * is scraped as {@code saas_probe_total}, {@code name("probe_duration")} as a timer as
 * {@code saas_probe_duration_seconds_bucket/_sum/_count/_max}). Gauges are scraped as named.
 */
@ApplicationScoped
public class MetricNames {

    @Inject
    AgentConfig config;

    public String name(String suffix) {
        return name(config.metrics().prefix(), suffix);
    }

    public static String name(String prefix, String suffix) {
        return prefix + "_" + suffix;
    }
}
