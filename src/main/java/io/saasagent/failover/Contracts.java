package io.saasagent.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The disaster-recovery contracts as PASS/FAIL: API recovery (failover triggered -> DR healthy) under
 * {@code recovery-objective}, and the NATS RPO (mirror lag in seconds) under {@code rpo-objective},
 * warned above {@code rpo-warn}. PENDING while an incident is open and still within its objective;
 * N/A where nothing can be measured (dry-run, passive, no failover carried out, no mirrors).
 */
final class Contracts {
    static final String PASS = "PASS";
    static final String FAIL = "FAIL";
    static final String PENDING = "PENDING";
    static final String NOT_APPLICABLE = "N/A";

    private Contracts() {
    }

    static Map<String, Object> of(Incident incident, FailoverSettings settings, Instant now, Map<String, Double> mirrorLags) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> recovery = new LinkedHashMap<>();
        recovery.put("objective_seconds", settings.recoveryObjective().toSeconds());
        recovery.put("detection_seconds", incident == null ? null : Incident.seconds(incident.detection()));
        recovery.put("recovery_seconds", incident == null ? null : Incident.seconds(incident.recovery()));
        recovery.put("verdict", incident == null ? NOT_APPLICABLE : recoveryVerdict(incident, settings, now));
        m.put("api_recovery", recovery);
        m.put("nats_rpo", rpo(mirrorLags, settings));
        return m;
    }

    static String recoveryVerdict(Incident incident, FailoverSettings settings, Instant now) {
        if (settings.mode() != FailoverMode.ACTIVE) {
            return NOT_APPLICABLE; // nothing moved by this agent: it cannot see when clients reach the DR side
        }
        Duration recovery = incident.recovery();
        if (recovery != null) {
            return recovery.compareTo(settings.recoveryObjective()) < 0 ? PASS : FAIL;
        }
        if (!incident.open()) {
            return NOT_APPLICABLE; // closed before any failover was carried out
        }
        return Duration.between(incident.firedAt, now).compareTo(settings.recoveryObjective()) >= 0 ? FAIL : PENDING;
    }

    static Map<String, Object> rpo(Map<String, Double> mirrorLags, FailoverSettings settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        double objective = settings.rpoObjective().toMillis() / 1000.0;
        double warn = settings.rpoWarn().toMillis() / 1000.0;
        m.put("objective_seconds", objective);
        m.put("warn_seconds", warn);
        double worst = mirrorLags.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        m.put("lag_seconds", Double.isNaN(worst) ? null : worst);
        m.put("mirrors", mirrorLags);
        m.put("warning", !Double.isNaN(worst) && worst > warn);
        m.put("verdict", Double.isNaN(worst) ? NOT_APPLICABLE : worst < objective ? PASS : FAIL);
        return m;
    }
}
