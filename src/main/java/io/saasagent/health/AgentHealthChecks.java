package io.saasagent.health;

import io.saasagent.config.AgentConfig;
import io.saasagent.state.DependencyRegistry;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.watchdog.Watchdog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/**
 * Kubernetes probes. Liveness: the agent's own loops are ticking (the probe loops, the failover engine). Readiness: configuration loaded
 * and the first probe round done. Dependencies do not fail them by default: a shared dependency
 * down must not pull every pod out of the Service at once.
 */
@ApplicationScoped
public class AgentHealthChecks {

    @Inject
    Watchdog watchdog;

    @Inject
    DependencyRegistry registry;

    @Inject
    AgentConfig config;

    @Inject
    FailoverSummary failover;

    @Liveness
    HealthCheck loops() {
        return () -> {
            List<String> stuck = watchdog.stuckLoops();
            return HealthCheckResponse.named("probe-loops").status(stuck.isEmpty())
                    .withData("stuck", String.join(",", stuck)).build();
        };
    }

    /** The failover engine completes a step every tick: one that has not for 3 ticks is stalled (blocked, dead-locked). */
    @Liveness
    HealthCheck failoverEngine() {
        return () -> {
            java.util.Optional<String> stalled = failover.stalled();
            return HealthCheckResponse.named("failover-engine").status(stalled.isEmpty())
                    .withData("stalled", stalled.orElse("")).build();
        };
    }

    @Readiness
    HealthCheck firstRound() {
        return () -> {
            boolean done = registry.firstRoundDone();
            var builder = HealthCheckResponse.named("agent").status(done).withData("first_probe_round", done);
            if (config.health().readinessIncludesCritical()) {
                List<String> down = registry.snapshots().stream().filter(s -> s.critical() && s.down()).map(DependencySnapshot::name).toList();
                builder.withData("critical_down", String.join(",", down));
                if (!down.isEmpty()) {
                    builder.down();
                }
            }
            return builder.build();
        };
    }
}
