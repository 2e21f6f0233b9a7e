package io.saasagent.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.saasagent.cluster.ClusterResults;
import io.saasagent.cluster.check.CheckResult;
import io.saasagent.cluster.check.ClusterCheck;
import io.saasagent.state.DependencyStatus;
import io.saasagent.support.StartupPriorities;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The cluster DR checks as series, read from the last report when scraped:
 * {@code cluster_check_status{check,kind,status}} (1 for the current status), {@code
 * cluster_check_age_seconds{check,kind}}, {@code backup_success_ratio{check}} (backup-cronjob) and
 * {@code certificate_expiry_seconds{check}} (certificate). NaN until measured, and on followers (who
 * do not measure): no alert fires on a figure nobody took, nor once per pod.
 */
@ApplicationScoped
public class ClusterCheckMetrics {
    /** The statuses a check can have (a check has no circuit). */
    static final List<DependencyStatus> STATUSES = List.of(DependencyStatus.HEALTHY, DependencyStatus.DEGRADED,
            DependencyStatus.UNHEALTHY, DependencyStatus.UNKNOWN);

    @Inject
    MeterRegistry meters;

    @Inject
    MetricNames names;

    @Inject
    ClusterResults results;

    /** After the checks are read from the configuration (VALIDATE + 1). */
    void register(@Observes @Priority(StartupPriorities.VALIDATE + 2) StartupEvent event) {
        register(meters, names::name, results);
    }

    public static void register(MeterRegistry meters, Function<String, String> names, ClusterResults results) {
        for (ClusterCheck check : results.checks()) {
            String name = check.spec().name();
            Tags tags = Tags.of("check", name, "kind", check.kind());
            for (DependencyStatus status : STATUSES) {
                // A status is always known, "unknown" included (followers): never NaN.
                Gauge.builder(names.apply("cluster_check_status"), results, rs -> statusOf(rs, name) == status ? 1.0 : 0.0)
                        .description("1 for the cluster check's current status, 0 for the others").tags(tags.and("status", status.id()))
                        .strongReference(true).register(meters);
            }
            gauge(meters, names.apply("cluster_check_age_seconds"), "Age of the checked object's last good event (refresh, sync, backup)",
                    tags, results, name, r -> seconds(r.age()));
            if (check.kind().equals("backup-cronjob")) {
                gauge(meters, names.apply("backup_success_ratio"), "Succeeded / finished among the backup CronJob's kept Jobs",
                        Tags.of("check", name), results, name, r -> r.successRatio() == null ? Double.NaN : r.successRatio());
            }
            if (check.kind().equals("certificate")) {
                CertificateExpiryGauge.register(meters, names.apply(CertificateExpiryGauge.SUFFIX), name, "",
                        results, rs -> value(rs, name, r -> seconds(r.expiresIn())));
            }
        }
    }

    private static void gauge(MeterRegistry meters, String metric, String description, Tags tags, ClusterResults results, String check,
                              java.util.function.ToDoubleFunction<CheckResult> value) {
        Gauge.builder(metric, results, rs -> value(rs, check, value)).description(description).tags(tags)
                .strongReference(true).register(meters);
    }

    private static DependencyStatus statusOf(ClusterResults results, String check) {
        CheckResult r = results.report().results().get(check);
        // A follower showing the holder's report exports unknown: the holder's own series fire the alert once.
        return r == null || results.report().shared() ? DependencyStatus.UNKNOWN : r.status();
    }

    /** The figure of {@code check} in the last report, NaN when not measured (followers, not run yet, unknown). */
    static double value(ClusterResults results, String check, java.util.function.ToDoubleFunction<CheckResult> value) {
        CheckResult r = results.report().results().get(check);
        if (r == null) {
            return Double.NaN;
        }
        if (!results.report().measured() || results.report().shared()) {
            return Double.NaN; // a follower (even showing the holder's report), or not run yet: no figure
        }
        return value.applyAsDouble(r);
    }

    private static double seconds(Duration d) {
        return d == null ? Double.NaN : d.toMillis() / 1000.0;
    }
}
