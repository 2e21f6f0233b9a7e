package io.saasagent.failover.incident;

import io.saasagent.failover.policy.RuleEvaluation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alert rules on shared dependencies page once for the fleet: the holder pages a rule when more than half of
 * the live agents have it firing (its own view one vote), under one key {@code saas-agent/rule/<rule>}, and
 * resolves it when the quorum no longer has it. The rules paged are kept in the fleet's record, so the next
 * holder resolves what this one paged. Used by the holder, under the engine's lock.
 */
public final class FleetAlerts {
    private final EngineContext e;

    FleetAlerts(EngineContext engine) {
        this.e = engine;
    }

    public void sync(Instant now) {
        List<String> view;
        try {
            view = e.coordinator().fleetAlerts();
        } catch (RuntimeException ex) {
            return; // no view: what is paged stays paged until one is read
        }
        Set<String> paged = e.record().alerts;
        for (String rule : view) {
            if (paged.add(rule)) {
                RuleEvaluation own = e.rules().current().get(rule);
                Map<String, Object> evidence = new LinkedHashMap<>(own == null ? Map.of() : own.evidence());
                evidence.put("seen_by", "a quorum of the agents");
                String reason = own != null && own.firing() ? own.reason() : "a quorum of the agents has it firing";
                e.journal().fleetAlert(rule, own == null ? "warning" : own.rule().severity(), true, rule + ": " + reason, evidence);
            }
        }
        for (String rule : List.copyOf(paged)) {
            if (!view.contains(rule)) {
                paged.remove(rule);
                e.journal().fleetAlert(rule, "info", false, rule + " resolved for the fleet", Map.of());
            }
        }
    }
}
