package io.saasagent.statuspage;

import java.time.Instant;
import java.util.Map;

/**
 * What the publisher needs of the failover, read from its published view (the JSON of GET /failover):
 * whether this agent holds the lease, the fleet's state, and the last incident. Reading the public view
 * keeps the publisher off the engine's internals, its lock and its thread.
 *
 * @param drHealthy the DR side answers behind the new record (active: the incident's dr_healthy; passive and
 *                  dry-run: the DR dependency's own probe is up while failed over)
 */
record FailoverFacts(boolean holder, String state, String mode, String incident, boolean open, Instant firedAt,
                     Instant firstFailedProbe, boolean drHealthy, Double recoverySeconds, boolean failedOver, String rule,
                     String reason, String record, String drTarget) {

    /** @param drUp whether the DR dependency's probe is up now */
    @SuppressWarnings("unchecked")
    static FailoverFacts of(Map<String, Object> view, boolean drUp) {
        Map<String, Object> fleet = view.get("fleet") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Object> i = view.get("incident") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        String state = text(view, "state");
        if (i == null) {
            return new FailoverFacts(Boolean.TRUE.equals(fleet.get("holder")), state, text(view, "mode"), null, false, null, null, false,
                    null, false, null, null, text(view, "record"), text(view, "dr_target"));
        }
        String closedBecause = text(i, "closed_because");
        boolean open = i.get("closed_at") == null;
        boolean failedOver = i.get("dns_verified") != null || "failed_over".equals(state)
                || closedBecause != null && closedBecause.startsWith("failback");
        boolean drHealthy = i.get("dr_healthy") != null || open && "failed_over".equals(state) && drUp && !"active".equals(text(view, "mode"));
        return new FailoverFacts(Boolean.TRUE.equals(fleet.get("holder")), state, text(view, "mode"), text(i, "id"), open,
                instant(i.get("fired_at")), instant(i.get("first_failed_probe")), drHealthy,
                i.get("recovery_seconds") instanceof Number n ? n.doubleValue() : null, failedOver, text(i, "rule"), text(i, "reason"),
                text(view, "record"), text(view, "dr_target"));
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : String.valueOf(v);
    }

    private static Instant instant(Object v) {
        return v instanceof String s ? Instant.parse(s) : null;
    }
}
