package io.saasagent.failover.incident;

import io.saasagent.failover.policy.FailoverMode;
import io.saasagent.failover.policy.FailoverSettings;
import io.saasagent.failover.record.Incident;
import java.time.Duration;
import java.time.Instant;

/**
 * The disaster-recovery contracts as PASS/FAIL: API recovery (failover triggered -> DR healthy) under
 * {@code recovery-objective}, and the NATS RPO (mirror lag in seconds) under {@code rpo-objective},
 * warned above {@code rpo-warn}. PENDING while an incident is open and still within its objective;
 * N/A where nothing can be measured (dry-run, passive, no failover carried out, no mirrors). Rendered
 * as JSON by {@code FailoverView}.
 */
public final class Contracts {
    static final String PASS = "PASS";
    static final String FAIL = "FAIL";
    static final String PENDING = "PENDING";
    public static final String NOT_APPLICABLE = "N/A";

    private Contracts() {
    }

    public static String recoveryVerdict(Incident incident, FailoverSettings settings, Instant now) {
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

    /** The RPO verdict of the worst mirror lag (seconds; NaN when no mirror is measured). */
    public static String rpoVerdict(double worst, FailoverSettings settings) {
        return Double.isNaN(worst) ? NOT_APPLICABLE : worst < settings.rpoObjective().toMillis() / 1000.0 ? PASS : FAIL;
    }
}
