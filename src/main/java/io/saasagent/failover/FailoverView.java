package io.saasagent.failover;


import io.saasagent.failover.incident.Contracts;
import io.saasagent.failover.policy.FailoverSettings;
import io.saasagent.failover.policy.RuleEvaluation;
import io.saasagent.failover.record.FailbackPlan;
import io.saasagent.failover.record.FailoverRecord;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.failover.record.Incident;
import io.saasagent.failover.record.OperatorRequest;
import io.saasagent.failover.record.TimelineEntry;
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

    /** What one engine step leaves behind, as the view needs it; {@code postgresRpo}: {@link ArchiveRpo#contract}. */
    record Facts(FailoverSettings settings, FailoverState state, boolean endpointHealthy, FailoverRecord record, boolean holder,
                 String store, String storeProblem, Collection<RuleEvaluation> rules, Map<String, Double> mirrorLags,
                 Map<String, Object> postgresRpo, Map<String, Long> outcomes, List<TimelineEntry> recent, Map<String, Object> region,
                 Instant now) {
    }

    /** The picture readers take without a lock. */
    record Published(Map<String, Object> full, Map<String, Object> brief, List<String> firing, double detectionSeconds,
                     double recoverySeconds, boolean endpointHealthy) {
    }

    static Published publish(Facts f) {
        Incident i = f.record().incident;
        return new Published(full(f), brief(f), f.rules().stream().filter(RuleEvaluation::firing).map(e -> e.rule().name()).toList(),
                i == null || i.detection() == null ? Double.NaN : i.detection().toMillis() / 1000.0,
                i == null || i.recovery() == null ? Double.NaN : i.recovery().toMillis() / 1000.0, f.endpointHealthy());
    }

    /** GET /failover (without the coordinator's summary, which the caller adds). */
    static Map<String, Object> full(Facts f) {
        FailoverSettings settings = f.settings();
        FailoverRecord r = f.record();
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
        m.put("last_failover", Incident.iso(r.lastFailoverAt));
        m.put("fleet", fleet(f));
        if (f.region() != null) {
            m.put("region", f.region());
        }
        m.put("disarmed", r.disarmedBy == null ? null : Map.of("by", r.disarmedBy, "at", Incident.iso(r.disarmedAt)));
        m.put("pending_requests", r.requests.stream().map(OperatorRequest::view).toList());
        Incident open = r.incident != null && r.incident.open() ? r.incident : null;
        m.put("fired_rule", open == null ? null : Map.of("name", open.rule, "reason", open.reason, "manual", open.manual));
        Map<String, Object> rules = new LinkedHashMap<>();
        f.rules().forEach(e -> rules.put(e.rule().name(), rule(e)));
        m.put("rules", rules);
        Map<String, Object> contracts = contracts(r.incident, settings, f.now(), f.mirrorLags());
        contracts.put("postgres_rpo", f.postgresRpo()); // as measured now: an incident keeps its own NATS figures only
        m.put("contracts", contracts);
        m.put("incident", r.incident == null ? null : incident(r.incident, settings, f.now()));
        m.put("public_incident", r.publicIncident == null ? null
                : Map.of("incident", r.publicIncident.incident(), "id", r.publicIncident.id(), "status", r.publicIncident.status()));
        FailbackPlan fb = r.failback;
        if (fb != null) {
            m.put("failback", Map.of("weighted", fb.weighted, "step", fb.step(), "steps", fb.steps(),
                    "primary_percent", fb.percent(), "hold_seconds", settings.failbackHold().toSeconds()));
        }
        m.put("outcomes", f.outcomes());
        m.put("recent", f.recent().stream().map(TimelineEntry::view).toList());
        return m;
    }

    /** Where the fleet's record lives and who wrote it last. */
    private static Map<String, Object> fleet(Facts f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("holder", f.holder());
        m.put("record_store", f.store());
        m.put("record_problem", f.storeProblem());
        m.put("written_by", f.record().writer);
        m.put("written_at", Incident.iso(f.record().writtenAt));
        m.put("write_back_pending", f.record().writeBackPending);
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
        m.put("pending_requests", f.record().requests.size());
        m.put("last_incident", f.record().incident == null ? null : brief(f.record().incident, f.settings(), f.now()));
        if (f.region() != null) {
            m.put("region", Map.of("role", f.region().get("role"), "decision", f.region().get("decision")));
        }
        return m;
    }

    static Map<String, Object> incident(Incident i, FailoverSettings settings, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id);
        m.put("rule", i.rule);
        m.put("manual", i.manual);
        m.put("reason", i.reason);
        m.put("dependencies", i.dependencies);
        m.put("first_failed_probe", Incident.iso(i.firstFailedProbe));
        m.put("fired_at", i.firedAt.toString());
        m.put("detection_seconds", Incident.seconds(i.detection()));
        m.put("dns_submitted", Incident.iso(i.dnsSubmitted));
        m.put("dns_verified", Incident.iso(i.dnsVerified));
        m.put("dr_healthy", Incident.iso(i.drHealthy));
        m.put("recovery_seconds", Incident.seconds(i.recovery()));
        m.put("closed_at", Incident.iso(i.closedAt));
        m.put("closed_because", i.closedBecause);
        m.put("contracts", contracts(i, settings, now, i.mirrorLags));
        m.put("timeline", i.entries().stream().map(TimelineEntry::view).toList());
        return m;
    }

    /** Short form for /health/saas. */
    private static Map<String, Object> brief(Incident i, FailoverSettings settings, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", i.rule);
        m.put("fired_at", i.firedAt.toString());
        m.put("detection_seconds", Incident.seconds(i.detection()));
        m.put("recovery_seconds", Incident.seconds(i.recovery()));
        m.put("recovery_verdict", Contracts.recoveryVerdict(i, settings, now));
        m.put("open", i.open());
        return m;
    }

    static Map<String, Object> contracts(Incident incident, FailoverSettings settings, Instant now, Map<String, Double> mirrorLags) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> recovery = new LinkedHashMap<>();
        recovery.put("objective_seconds", settings.recoveryObjective().toSeconds());
        recovery.put("detection_seconds", incident == null ? null : Incident.seconds(incident.detection()));
        recovery.put("recovery_seconds", incident == null ? null : Incident.seconds(incident.recovery()));
        recovery.put("verdict", incident == null ? Contracts.NOT_APPLICABLE : Contracts.recoveryVerdict(incident, settings, now));
        m.put("api_recovery", recovery);
        m.put("nats_rpo", rpo(mirrorLags, settings));
        return m;
    }

    private static Map<String, Object> rpo(Map<String, Double> mirrorLags, FailoverSettings settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        double warn = settings.rpoWarn().toMillis() / 1000.0;
        m.put("objective_seconds", settings.rpoObjective().toMillis() / 1000.0);
        m.put("warn_seconds", warn);
        double worst = mirrorLags.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        m.put("lag_seconds", Double.isNaN(worst) ? null : worst);
        m.put("mirrors", mirrorLags);
        m.put("warning", !Double.isNaN(worst) && worst > warn);
        m.put("verdict", Contracts.rpoVerdict(worst, settings));
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
