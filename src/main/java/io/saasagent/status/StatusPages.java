package io.saasagent.status;

import io.saasagent.health.HealthView;
import io.saasagent.probe.ProbeResult;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.DependencyStatus;
import io.saasagent.state.RecentResults;
import io.saasagent.support.Redactor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link StatusPage} from what the agent already holds: each dependency's snapshot and last
 * results, the failover's published view (the JSON of GET /failover) and the cluster report. Pure and
 * lock-free: nothing here waits on a probe, a DNS write or the Kubernetes API.
 */
final class StatusPages {
    private StatusPages() {
    }

    /** One dependency as the page takes it: the snapshot and its last results. */
    record Dependency(DependencySnapshot snapshot, List<RecentResults.Mark> recent) {
    }

    static StatusPage build(List<Dependency> dependencies, Map<String, Object> failoverView, Map<String, Object> clusterHealth,
                            Map<String, Object> clusterReadiness, Instant now, PageAssets assets) {
        List<DependencySnapshot> snapshots = dependencies.stream().map(Dependency::snapshot).toList();
        boolean criticalDown = snapshots.stream().anyMatch(s -> s.critical() && s.down());
        int code = criticalDown ? 503 : 200;
        String overall = HealthView.overall(snapshots);
        Map<String, Object> coordination = Words.map(failoverView, "coordination");
        String agent = coordination == null ? "this agent" : String.valueOf(coordination.getOrDefault("identity", "this agent"));
        return new StatusPage(code, code + ": " + why(snapshots, now), Words.tone(overall), agent, Words.dateTime(now), now.toString(),
                assets.refreshSeconds(), assets.css(), assets.script(),
                dependencies.stream().map(d -> row(d, now)).toList(),
                FailoverPanels.panel(failoverView, snapshots, now),
                ClusterPanels.panel(clusterHealth, clusterReadiness));
    }

    /** The overall answer's reason in one line: "redis unhealthy (outage) for 2m14s". */
    static String why(List<DependencySnapshot> snapshots, Instant now) {
        if (snapshots.isEmpty()) {
            return "no dependencies configured";
        }
        List<String> critical = snapshots.stream().filter(s -> s.critical() && s.down()).map(s -> problem(s, now)).toList();
        if (!critical.isEmpty()) {
            return String.join(", ", critical);
        }
        List<String> others = snapshots.stream()
                .filter(s -> s.status() != DependencyStatus.HEALTHY && s.status() != DependencyStatus.UNKNOWN)
                .map(s -> problem(s, now) + (s.critical() ? "" : " (not critical)")).toList();
        if (!others.isEmpty()) {
            return String.join(", ", others);
        }
        long unprobed = snapshots.stream().filter(s -> s.status() == DependencyStatus.UNKNOWN).count();
        if (unprobed > 0) {
            return "waiting for the first probes (" + (snapshots.size() - unprobed) + " of " + snapshots.size() + " answered)";
        }
        return snapshots.size() == 1 ? "the one dependency is healthy" : "all " + snapshots.size() + " dependencies healthy";
    }

    private static String problem(DependencySnapshot s, Instant now) {
        StringBuilder b = new StringBuilder(s.name()).append(' ').append(s.status().id().replace('_', ' '));
        if (s.failureClass() != null && s.down()) {
            b.append(" (").append(s.failureClass().id()).append(')');
        }
        String since = since(s, now);
        if (!since.isEmpty()) {
            b.append(' ').append(since);
        }
        return b.toString();
    }

    /** "for 2m14s" while failing; "" otherwise. */
    private static String since(DependencySnapshot s, Instant now) {
        return s.failingSince() == null || !(s.down() || s.consecutiveFailures() > 0) ? ""
                : "for " + Words.duration(Duration.between(s.failingSince(), now));
    }

    private static StatusPage.DependencyRow row(Dependency d, Instant now) {
        DependencySnapshot s = d.snapshot();
        Bar bar = bar(s.name(), d.recent());
        String window = s.window().samples() == 0 ? "" : "p99 " + Words.millis(s.window().p99()) + " · "
                + Math.round(s.window().errorRate() * 100) + "% errors of " + s.window().samples();
        String since = since(s, now);
        if (since.isEmpty() && s.consecutiveFailures() > 0) {
            since = s.consecutiveFailures() + " failed in a row";
        }
        return new StatusPage.DependencyRow(s.name(), s.type().id(), s.critical(), s.status().id(), Words.tone(s.status()),
                s.failureClass() == null ? "" : s.failureClass().id(), since, Words.millis(s.latency()), window,
                s.lastError() == null || s.status() == DependencyStatus.HEALTHY && s.consecutiveFailures() == 0 ? ""
                        : Redactor.redact(s.lastError()),
                bar.cells(), bar.html());
    }

    /** The last bar made per dependency, by the results it was made from: a new one only after a new result. */
    private record Bar(List<RecentResults.Mark> from, List<StatusPage.Mark> cells, String html) {
    }

    private static final java.util.concurrent.ConcurrentMap<String, Bar> BARS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Bar bar(String dependency, List<RecentResults.Mark> recent) {
        Bar last = BARS.get(dependency);
        if (last != null && last.from() == recent) { // the state publishes a new list with every result
            return last;
        }
        List<StatusPage.Mark> cells = marks(recent);
        StringBuilder html = new StringBuilder(cells.size() * 90);
        for (StatusPage.Mark m : cells) {
            html.append("<span class=\"").append(m.css()).append("\" title=\"").append(escape(m.title())).append("\"></span>");
        }
        Bar made = new Bar(recent, cells, html.toString());
        BARS.put(dependency, made);
        return made;
    }

    /** HTML text and attribute escaping, as Qute's own for the rest of the page. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Always {@link RecentResults#SIZE} cells, so bars line up: the empty ones first. */
    static List<StatusPage.Mark> marks(List<RecentResults.Mark> recent) {
        List<StatusPage.Mark> marks = new ArrayList<>(RecentResults.SIZE);
        for (int i = recent.size(); i < RecentResults.SIZE; i++) {
            marks.add(new StatusPage.Mark("none", "no result yet"));
        }
        for (RecentResults.Mark m : recent) {
            String css = m.outcome() == ProbeResult.Outcome.UP ? "ok" : m.outcome() == ProbeResult.Outcome.DEGRADED ? "warn" : "bad";
            // The error was redacted when the result was made (ProbeResult), as every stored error.
            String title = Words.dateTime(m.at()) + " · " + m.outcome().name().toLowerCase(java.util.Locale.ROOT) + " · " + Words.millis(m.latency())
                    + (m.error() == null ? "" : " · " + m.error());
            marks.add(new StatusPage.Mark(css, title));
        }
        return marks;
    }
}
