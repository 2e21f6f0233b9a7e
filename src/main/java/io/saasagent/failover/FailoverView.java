package io.saasagent.failover;

import io.saasagent.dns.DnsChange;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the engine's state as the JSON of GET /failover and of the failover section of
 * /health/saas: plain maps (no reflection, native-ready), built once per engine step and then read
 * without locks.
 */
final class FailoverView {
    private FailoverView() {
    }

    /** What one engine step leaves behind, as the view needs it. */
    record Facts(FailoverSettings settings, FailoverState state, boolean endpointHealthy, Instant lastFailover,
                 Incident incident, FailbackPlan failback, Collection<RuleEvaluation> rules, Map<String, Double> mirrorLags,
                 Map<String, Long> outcomes, List<TimelineEntry> recent, Instant now) {
    }

    /** GET /failover (without the coordinator's summary, which the caller adds). */
    static Map<String, Object> full(Facts f) {
        FailoverSettings settings = f.settings();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", f.state().id());
        m.put("state_gauge", f.state().gauge());
        m.put("mode", settings.mode().id());
        m.put("endpoint", endpoint(f));
        m.put("provider", settings.provider());
        m.put("record", settings.record());
        m.put("record_type", settings.recordType());
        m.put("ttl", settings.ttl());
        m.put("primary_target", settings.primaryTarget());
        m.put("dr_target", settings.drTarget());
        m.put("dr_dependency", settings.drDependency());
        m.put("cooldown_seconds", settings.cooldown().toSeconds());
        m.put("last_failover", Incident.iso(f.lastFailover()));
        Incident open = f.incident() != null && f.incident().open() ? f.incident() : null;
        m.put("fired_rule", open == null ? null : Map.of("name", open.rule, "reason", open.reason, "manual", open.manual));
        Map<String, Object> rules = new LinkedHashMap<>();
        f.rules().forEach(e -> rules.put(e.rule().name(), rule(e)));
        m.put("rules", rules);
        m.put("contracts", Contracts.of(f.incident(), settings, f.now(), f.mirrorLags()));
        m.put("incident", f.incident() == null ? null : f.incident().view(settings, f.now()));
        FailbackPlan fb = f.failback();
        if (fb != null) {
            m.put("failback", Map.of("weighted", fb.weighted, "step", fb.step(), "steps", fb.steps(),
                    "primary_percent", fb.percent(), "hold_seconds", settings.failbackHold().toSeconds()));
        }
        m.put("outcomes", f.outcomes());
        m.put("recent", f.recent().stream().map(TimelineEntry::view).toList());
        return m;
    }

    /** The failover section of /health/saas. */
    static Map<String, Object> brief(Facts f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", f.state().id());
        m.put("mode", f.settings().mode().id());
        m.put("endpoint", endpoint(f));
        m.put("provider", f.settings().provider());
        m.put("record", f.settings().record());
        m.put("firing", f.rules().stream().filter(RuleEvaluation::firing).map(e -> e.rule().name()).toList());
        m.put("last_incident", f.incident() == null ? null : f.incident().brief(f.settings(), f.now()));
        return m;
    }

    /** The evidence of a DNS change, for decisions and alerts. */
    static Map<String, Object> change(DnsChange change) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", change.outcome().name().toLowerCase());
        m.put("before", change.before() == null ? null : String.join(",", change.before().values()));
        m.put("after", change.after() == null ? null : String.join(",", change.after().values()));
        m.put("change_id", change.changeId());
        m.put("verified", change.verified());
        m.put("warnings", change.warnings());
        return m;
    }

    private static String endpoint(Facts f) {
        return f.endpointHealthy() ? "up" : "failover";
    }

    private static Map<String, Object> rule(RuleEvaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("signal", e.rule().signal().id());
        m.put("action", e.rule().action().id());
        m.put("severity", e.rule().severity());
        m.put("threshold", e.rule().threshold());
        m.put("firing", e.firing());
        m.put("value", e.value());
        m.put("dependencies", e.involved());
        m.put("reason", e.reason());
        return m;
    }
}
