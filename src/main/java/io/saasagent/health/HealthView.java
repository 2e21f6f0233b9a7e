package io.saasagent.health;

import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.DependencyStatus;
import io.saasagent.state.WindowStats;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders snapshots into the JSON of /health/saas (plain maps: no reflection, native-ready). */
public final class HealthView {
    private HealthView() {
    }

    /** healthy, degraded, unhealthy (a critical dependency down: 503) or unknown (not all probed yet). */
    public static String overall(List<DependencySnapshot> snapshots) {
        if (snapshots.stream().anyMatch(s -> s.critical() && s.down())) {
            return DependencyStatus.UNHEALTHY.id();
        }
        if (snapshots.stream().anyMatch(s -> s.status() != DependencyStatus.HEALTHY && s.status() != DependencyStatus.UNKNOWN)) {
            return DependencyStatus.DEGRADED.id();
        }
        if (snapshots.stream().anyMatch(s -> s.status() == DependencyStatus.UNKNOWN)) {
            return DependencyStatus.UNKNOWN.id();
        }
        return DependencyStatus.HEALTHY.id();
    }

    public static Map<String, Object> render(List<DependencySnapshot> snapshots, Map<String, Object> failover) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", overall(snapshots));
        snapshots.forEach(s -> body.put(s.name(), dependency(s)));
        body.put("failover", failover);
        return body;
    }

    public static Map<String, Object> dependency(DependencySnapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", s.status().id());
        m.put("type", s.type().id());
        m.put("critical", s.critical());
        m.put("circuit", s.circuit().id());
        m.put("consecutive_failures", s.consecutiveFailures());
        m.put("consecutive_successes", s.consecutiveSuccesses());
        m.put("latency_ms", millis(s.latency()));
        m.put("last_success", iso(s.lastSuccess()));
        m.put("last_failure", iso(s.lastFailure()));
        m.put("last_error", s.lastError());
        m.put("failure_class", s.failureClass() == null ? null : s.failureClass().id());
        m.put("details", s.details());
        m.put("window", window(s.window()));
        return m;
    }

    private static Map<String, Object> window(WindowStats w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", w.samples());
        m.put("error_rate", w.errorRate());
        m.put("p50_ms", millis(w.p50()));
        m.put("p95_ms", millis(w.p95()));
        m.put("p99_ms", millis(w.p99()));
        return m;
    }

    static Double millis(Duration d) {
        return d == null ? null : Math.round(d.toNanos() / 10_000.0) / 100.0;
    }

    static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
