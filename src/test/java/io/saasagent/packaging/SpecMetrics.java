package io.saasagent.packaging;

import java.util.Set;

/**
 * The metric names of SPEC.md, section "Metrics" (default prefix {@code saas}): the only names the
 * alert rules and the dashboard may use, so that they fire from what the agent exports.
 */
final class SpecMetrics {
    private SpecMetrics() {
    }

    static final Set<String> NAMES = Set.of(
            "saas_dependency_up", "saas_dependency_status", "saas_dependency_circuit_state",
            "saas_dependency_consecutive_failures", "saas_probe_duration_seconds", "saas_probe_total",
            "saas_nats_mirror_lag_messages", "saas_nats_mirror_lag_seconds", "saas_failover_state",
            "saas_failover_total", "saas_failover_detection_seconds", "saas_failover_recovery_seconds",
            "saas_leader",
            // Issue 11, cluster DR readiness (SPEC: "Cluster DR readiness (run by the holder)").
            "saas_cluster_check_status", "saas_cluster_check_age_seconds", "saas_backup_success_ratio",
            "saas_certificate_expiry_seconds",
            // Issue 19, the recovery points: the WAL archive of postgres dependencies (the off-site copy is a cluster check).
            "saas_postgres_archive_age_seconds", "saas_postgres_archive_failures_total", "saas_postgres_archive_waiting_segments",
            // Issue 15, the failover surviving its own faults: the record unreadable, nobody able to act, the engine's inbox.
            "saas_failover_record_unreadable", "saas_failover_nobody_can_act", "saas_failover_events_queued",
            "saas_failover_events_dropped_total",
            // Issue 16, region roles (docs/regions.md): the primary's heartbeat, the take-over, the fence, the partition.
            "saas_region_heartbeat_age_seconds", "saas_region_takeover_total", "saas_region_fenced", "saas_region_partition");

    /** Exported only by an agent with a region role (agent.region.role primary or standby). */
    static final Set<String> REGION = Set.of("saas_region_heartbeat_age_seconds", "saas_region_takeover_total",
            "saas_region_fenced", "saas_region_partition");

    /** Exported once cluster checks are configured (PackagedCoordinationIT) or, the expiry, a tls dependency. */
    static final Set<String> CLUSTER = Set.of("saas_cluster_check_status", "saas_cluster_check_age_seconds",
            "saas_backup_success_ratio");

    /** The SPEC's histogram: Prometheus exposes it as these three series. */
    private static final Set<String> HISTOGRAMS = Set.of("saas_probe_duration_seconds");

    /** Prometheus's own series about a scrape target. */
    private static final Set<String> SCRAPE_SERIES = Set.of("up");

    static boolean known(String series) {
        if (NAMES.contains(series) || SCRAPE_SERIES.contains(series)) {
            return true;
        }
        return HISTOGRAMS.stream().anyMatch(h -> series.equals(h + "_bucket") || series.equals(h + "_sum")
                || series.equals(h + "_count"));
    }
}
