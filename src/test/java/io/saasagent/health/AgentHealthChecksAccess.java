package io.saasagent.health;

import org.eclipse.microprofile.health.HealthCheckResponse;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The liveness checks built without CDI, for tests in other packages. */
public final class AgentHealthChecksAccess {
    private AgentHealthChecksAccess() {
    }

    /** Checks whose failover engine answers {@code stalled}. */
    public static AgentHealthChecks withFailover(Supplier<Optional<String>> stalled) {
        AgentHealthChecks checks = new AgentHealthChecks();
        checks.failover = new FailoverSummary() {
            @Override
            public Map<String, Object> summary() {
                return Map.of();
            }

            @Override
            public boolean failoverEndpointHealthy() {
                return true;
            }

            @Override
            public Optional<String> stalled() {
                return stalled.get();
            }
        };
        return checks;
    }

    public static HealthCheckResponse engine(AgentHealthChecks checks) {
        return checks.failoverEngine().call();
    }
}
