package io.saasagent.cluster;

import io.saasagent.cluster.check.CheckResult;
import io.saasagent.cluster.check.ClusterCheck;
import io.saasagent.state.DependencyStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the cluster report as JSON-friendly maps: the {@code cluster} section of /health/saas and
 * the DR readiness of /failover. Plain maps: no reflection, native-ready.
 */
public final class ClusterView {
    private ClusterView() {
    }

    /** The worst status: unhealthy, degraded, unknown, healthy (unknown only hides healthy, never a problem). */
    public static DependencyStatus overall(Collection<CheckResult> results) {
        for (DependencyStatus s : List.of(DependencyStatus.UNHEALTHY, DependencyStatus.DEGRADED, DependencyStatus.UNKNOWN)) {
            if (results.stream().anyMatch(r -> r.status() == s)) {
                return s;
            }
        }
        return DependencyStatus.HEALTHY;
    }

    /** The {@code cluster} section of /health/saas; null when no check is configured. */
    public static Map<String, Object> health(ClusterResults results) {
        if (results.checks().isEmpty()) {
            return null;
        }
        ClusterReport report = results.report();
        Map<String, Object> m = head(report);
        m.put("interval_seconds", results.interval().toSeconds());
        Map<String, Object> checks = new LinkedHashMap<>();
        for (ClusterCheck check : results.checks()) {
            CheckResult r = report.results().get(check.spec().name());
            if (r == null) {
                continue;
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("kind", check.kind());
            c.put("object", check.object(results.defaultNamespace()));
            c.put("status", r.status().id());
            c.put("age_seconds", seconds(r.age()));
            c.put("objective", r.objective());
            c.put("reason", r.reason());
            if (r.details().get("failure_class") != null) {
                c.put("failure_class", r.details().get("failure_class")); // beside the reason, as a dependency's
            }
            if (r.successRatio() != null) {
                c.put("success_ratio", r.successRatio());
            }
            if (r.expiresIn() != null) {
                c.put("expires_in_seconds", seconds(r.expiresIn()));
            }
            c.put("details", r.details());
            checks.put(check.spec().name(), c);
        }
        m.put("checks", checks);
        return m;
    }

    /** DR readiness for /failover: ready when every check is healthy; the others named with their reason. */
    public static Map<String, Object> readiness(ClusterResults results) {
        ClusterReport report = results.report();
        Map<String, Object> m = head(report);
        m.put("ready", !results.checks().isEmpty() && !report.stale() && overall(report.results().values()) == DependencyStatus.HEALTHY);
        List<String> notReady = new ArrayList<>();
        if (report.stale()) {
            notReady.add("the holder's report is stale (of " + report.at() + ")"); // healthy then is not known healthy now
        }
        report.results().forEach((name, r) -> {
            if (r.status() != DependencyStatus.HEALTHY) {
                notReady.add(name + " " + r.status().id() + (r.reason() == null ? "" : ": " + r.reason()));
            }
        });
        m.put("not_ready", notReady);
        if (results.checks().isEmpty()) {
            m.put("note", "no agent.cluster-checks configured");
        }
        return m;
    }

    /** DR readiness in one line, for the evidence of a failover alert: "ready", or what is not, or why unknown. */
    public static String readinessLine(ClusterResults results) {
        if (results.checks().isEmpty()) {
            return "no cluster checks configured";
        }
        @SuppressWarnings("unchecked")
        List<String> notReady = (List<String>) readiness(results).get("not_ready");
        return notReady.isEmpty() ? "ready (" + results.checks().size() + " cluster checks healthy)" : "not ready: " + String.join("; ", notReady);
    }

    private static Map<String, Object> head(ClusterReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", overall(report.results().values()).id());
        m.put("measured", report.measured());
        m.put("checked_by", report.ranBy());
        m.put("checked_at", report.measured() ? report.at().toString() : null);
        m.put("shared", report.shared());
        m.put("stale", report.stale());
        m.put("note", report.note());
        return m;
    }

    static Double seconds(Duration d) {
        return d == null ? null : d.toMillis() / 1000.0;
    }
}
