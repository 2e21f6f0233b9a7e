package io.saasagent.state;

import io.saasagent.support.Redactor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * One log line per status or circuit transition of a dependency, with the evidence (failure run and
 * the last error, already redacted when stored and redacted again here). Worse is WARN, better INFO.
 */
@ApplicationScoped
public class TransitionLog {
    private static final Logger LOG = Logger.getLogger("io.saasagent.dependency");

    void onTransition(@Observes DependencyEvent event) {
        DependencySnapshot before = event.previous();
        DependencySnapshot now = event.current();
        switch (event.kind()) {
            // %s, not %d, for the counts: %d is locale-aware, and its first use loads the locale data (10 M
            // instructions in the native image), on the first probe round, which readiness waits for.
            case STATUS_CHANGED -> LOG.logf(now.down() ? Logger.Level.WARN : Logger.Level.INFO,
                    "dependency %s: %s -> %s (consecutive failures %s, successes %s%s)", now.name(),
                    before.status().id(), now.status().id(), now.consecutiveFailures(), now.consecutiveSuccesses(), lastError(now));
            case CIRCUIT_CHANGED -> LOG.logf(now.circuit() == CircuitState.OPEN ? Logger.Level.WARN : Logger.Level.INFO,
                    "dependency %s: circuit %s -> %s%s", now.name(), before.circuit().id(), now.circuit().id(), lastError(now));
            default -> {
                // PROBED: one per probe is too many for the log; the metrics count them.
            }
        }
    }

    private static String lastError(DependencySnapshot s) {
        return s.consecutiveFailures() == 0 || s.lastError() == null ? "" : "; last error: " + Redactor.redact(s.lastError());
    }
}
