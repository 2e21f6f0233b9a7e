package io.saasagent.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Cluster DR readiness on the page: each check with its age against its objective, and who measured it when. */
final class ClusterPanels {
    private ClusterPanels() {
    }

    /**
     * @param health    the {@code cluster} section of /health/saas (null when no check is configured)
     * @param readiness the {@code dr_readiness} of /failover
     */
    static StatusPage.ClusterPanel panel(Map<String, Object> health, Map<String, Object> readiness) {
        if (health == null) {
            return new StatusPage.ClusterPanel(false, "", "idle", "", "no agent.cluster-checks configured", List.of());
        }
        String status = Words.text(health, "status");
        String by = Words.text(health, "checked_by");
        String at = Words.text(health, "checked_at");
        String source = by == null ? "" : "checked by " + by + (at == null ? "" : " at " + Words.dateTime(Words.instant(at)))
                + (Boolean.TRUE.equals(health.get("stale")) ? " (stale)" : "");
        List<String> notes = new ArrayList<>();
        if (Words.text(health, "note") != null) {
            notes.add(Words.text(health, "note"));
        }
        if (readiness != null) {
            notes.add(Boolean.TRUE.equals(readiness.get("ready")) ? "DR ready" : "DR not ready");
        }
        List<StatusPage.CheckRow> rows = new ArrayList<>();
        Map<String, Object> checks = Words.map(health, "checks");
        if (checks != null) {
            checks.forEach((name, value) -> {
                @SuppressWarnings("unchecked") Map<String, Object> c = value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                String s = Words.text(c, "status");
                rows.add(new StatusPage.CheckRow(name, Words.text(c, "kind"), Words.text(c, "object"), s, Words.tone(s),
                        c.get("age_seconds") == null ? "" : Words.seconds(Words.number(c, "age_seconds")),
                        nonNull(Words.text(c, "objective")), nonNull(Words.text(c, "reason"))));
            });
        }
        return new StatusPage.ClusterPanel(true, status, Words.tone(status), source, String.join(" · ", notes), rows);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
