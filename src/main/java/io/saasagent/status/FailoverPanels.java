package io.saasagent.status;

import io.saasagent.config.DependencyType;
import io.saasagent.probe.nats.MirrorLagReading;
import io.saasagent.probe.nats.MirrorReadings;
import io.saasagent.state.DependencySnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The failover part of the page, read from the failover's published view (the JSON of GET /failover,
 * built once per engine step): state, mode, holder, the last incident's timeline, the contracts, the
 * RPO figures, disarm and pending requests. Reading the public view keeps the page off the engine's
 * internals and its lock.
 */
final class FailoverPanels {
    private FailoverPanels() {
    }

    static StatusPage.FailoverPanel panel(Map<String, Object> view, List<DependencySnapshot> snapshots, Instant now) {
        List<StatusPage.MirrorRow> mirrors = mirrors(snapshots, now);
        if (view == null) {
            return new StatusPage.FailoverPanel(false, "the failover policy is starting", "starting", "idle", "", "", "", "", "",
                    List.of(), "", null, List.of(), mirrors);
        }
        String state = Words.text(view, "state");
        Map<String, Object> coordination = Words.map(view, "coordination");
        Map<String, Object> fleet = Words.map(view, "fleet");
        String holder = coordination == null ? null : Words.text(coordination, "holder");
        if (holder == null || holder.isBlank()) {
            holder = "unknown";
        }
        if (fleet != null && Boolean.TRUE.equals(fleet.get("holder"))) {
            holder += " (this agent)";
        }
        Map<String, Object> firedRule = Words.map(view, "fired_rule");
        String fired = firedRule == null ? "" : Words.text(firedRule, "name") + (Boolean.TRUE.equals(firedRule.get("manual")) ? " (by hand)" : "")
                + ": " + Words.text(firedRule, "reason");
        Map<String, Object> disarmed = Words.map(view, "disarmed");
        String disarmedText = disarmed == null ? "" : "by " + Words.text(disarmed, "by") + " at "
                + Words.dateTime(Words.instant(disarmed.get("at")));
        List<String> pending = new ArrayList<>();
        for (Object o : Words.list(view, "pending_requests")) {
            if (o instanceof Map<?, ?> raw) {
                @SuppressWarnings("unchecked") Map<String, Object> q = (Map<String, Object>) raw;
                Instant expires = Words.instant(q.get("expires"));
                pending.add(Words.text(q, "action") + " by " + Words.text(q, "actor") + " via " + Words.text(q, "via") + " at "
                        + Words.clock(Words.instant(q.get("at"))) + (expires == null ? "" : ", expires in " + Words.duration(Duration.between(now, expires))));
            }
        }
        String endpoint = Words.text(view, "endpoint");
        return new StatusPage.FailoverPanel(true, problem(fleet), state, Words.stateTone(state), Words.text(view, "mode"), holder,
                "/health/failover " + ("up".equals(endpoint) ? "200 (up)" : "503 (failover)"), fired, disarmedText, pending,
                publicStatus(Words.map(view, "public_incident")), incident(Words.map(view, "incident"), now), contracts(Words.map(view, "contracts")), mirrors);
    }

    /** The Statuspage incident the holder keeps for the fleet's incident. */
    private static String publicStatus(Map<String, Object> p) {
        return p == null ? "" : "Statuspage incident " + Words.text(p, "id") + " (" + Words.text(p, "status") + ") for " + Words.text(p, "incident");
    }

    /** The record store's trouble, if any: the page says it as loudly as the log. */
    private static String problem(Map<String, Object> fleet) {
        String problem = fleet == null ? null : Words.text(fleet, "record_problem");
        return problem == null ? "" : "failover record: " + problem;
    }

    static StatusPage.IncidentPanel incident(Map<String, Object> i, Instant now) {
        if (i == null) {
            return null;
        }
        Instant fired = Words.instant(i.get("fired_at"));
        Instant closed = Words.instant(i.get("closed_at"));
        boolean open = closed == null;
        List<String> facts = new ArrayList<>();
        facts.add("fired " + Words.dateTime(fired));
        if (i.get("detection_seconds") != null) {
            facts.add("detection " + Words.seconds(Words.number(i, "detection_seconds")));
        }
        if (i.get("recovery_seconds") != null) {
            facts.add("recovery " + Words.seconds(Words.number(i, "recovery_seconds")));
        }
        if (fired != null) {
            facts.add((open ? "open for " : "lasted ") + Words.duration(Duration.between(fired, open ? now : closed)));
        }
        if (!open) {
            facts.add("closed: " + Words.text(i, "closed_because"));
        }
        Instant start = Words.instant(i.get("first_failed_probe"));
        if (start == null) {
            start = fired;
        }
        List<Object> raw = Words.list(i, "timeline");
        List<StatusPage.TimelineRow> rows = new ArrayList<>(raw.size());
        for (int k = 0; k < raw.size(); k++) {
            Map<String, Object> e = entry(raw.get(k));
            Instant at = Words.instant(e.get("at"));
            Instant next = k + 1 < raw.size() ? Words.instant(entry(raw.get(k + 1)).get("at")) : null;
            rows.add(new StatusPage.TimelineRow(Words.dateTime(at), at == null ? "" : at.toString(),
                    at == null || start == null ? "" : "T+" + Words.duration(Duration.between(start, at)),
                    at == null || next == null ? "" : Words.duration(Duration.between(at, next)),
                    Words.text(e, "event"), Words.text(e, "message")));
        }
        String title = Words.text(i, "id") + ": " + (Boolean.TRUE.equals(i.get("manual")) ? "triggered by hand" : "rule " + Words.text(i, "rule"))
                + " · " + Words.text(i, "reason");
        return new StatusPage.IncidentPanel(Words.text(i, "id"), title, open, String.join(" · ", facts), rows);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<StatusPage.Contract> contracts(Map<String, Object> contracts) {
        List<StatusPage.Contract> out = new ArrayList<>();
        Map<String, Object> recovery = Words.map(contracts, "api_recovery");
        if (recovery != null) {
            String figure = recovery.get("recovery_seconds") != null ? "recovery " + Words.seconds(Words.number(recovery, "recovery_seconds"))
                    : "no recovery measured";
            if (recovery.get("detection_seconds") != null) {
                figure += ", detection " + Words.seconds(Words.number(recovery, "detection_seconds"));
            }
            String verdict = Words.text(recovery, "verdict");
            out.add(new StatusPage.Contract("API recovery time", figure, "< " + Words.seconds(Words.number(recovery, "objective_seconds")),
                    verdict, Words.verdictTone(verdict)));
        }
        Map<String, Object> rpo = Words.map(contracts, "nats_rpo");
        if (rpo != null) {
            Double lag = Words.number(rpo, "lag_seconds");
            String verdict = Words.text(rpo, "verdict");
            out.add(new StatusPage.Contract("NATS RPO (worst mirror lag)", lag == null ? "no mirror measured" : Words.seconds(lag)
                    + (Boolean.TRUE.equals(rpo.get("warning")) ? " (above the warning of " + Words.seconds(Words.number(rpo, "warn_seconds")) + ")" : ""),
                    "< " + Words.seconds(Words.number(rpo, "objective_seconds")), verdict, Words.verdictTone(verdict)));
        }
        return out;
    }

    /** Every nats dependency's mirror readings: the RPO figure, fresh or stale, and its age. */
    static List<StatusPage.MirrorRow> mirrors(List<DependencySnapshot> snapshots, Instant now) {
        List<StatusPage.MirrorRow> rows = new ArrayList<>();
        for (DependencySnapshot s : snapshots) {
            if (s.type() != DependencyType.NATS) {
                continue;
            }
            MirrorReadings.of(s.details()).readings().forEach((stream, r) -> rows.add(mirror(s.name() + "/" + stream, r, now)));
        }
        return rows;
    }

    private static StatusPage.MirrorRow mirror(String name, MirrorLagReading r, Instant now) {
        String lag = r.lagSeconds() == null ? "unknown" : (r.stale() ? "at least " : "") + Words.seconds(r.lagSeconds())
                + (r.lagMessages() == null ? "" : " (" + r.lagMessages() + " messages)");
        String measured = r.measuredAt() == null ? "never measured" : Words.duration(Duration.between(r.measuredAt(), now)) + " ago";
        return new StatusPage.MirrorRow(name + " ← " + r.origin(), lag, r.stale() ? "stale" : "fresh",
                r.rpoBreach() ? "bad" : r.stale() ? "warn" : "ok", measured, r.reason() == null ? "" : r.reason());
    }
}
