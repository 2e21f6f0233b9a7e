package io.saasagent.coordination;

import java.time.Instant;
import java.util.List;

/**
 * What one agent sees: the failures it would fail over for (rule names, e.g. {@code health_check_failure},
 * shown to operators) and the dependencies feeding failover it sees down from an outage, which the quorum
 * counts: agents agree only on the same dependency ("postgres down" and "redis down" do not); and the alert
 * rules firing on it about shared dependencies, which the holder pages once for the fleet when a quorum has them.
 */
public record Verdict(String agent, List<String> failures, List<String> downDependencies, List<String> alerts, Instant at) {
    public Verdict {
        failures = List.copyOf(failures);
        downDependencies = List.copyOf(downDependencies);
        alerts = List.copyOf(alerts);
    }

    /** A verdict without alert rules firing on shared dependencies. */
    public Verdict(String agent, List<String> failures, List<String> downDependencies, Instant at) {
        this(agent, failures, downDependencies, List.of(), at);
    }

    /** Whether this agent has the alert rule {@code rule} firing on a shared dependency. */
    public boolean alerting(String rule) {
        return alerts.contains(rule);
    }

    /** Whether this agent sees {@code dependency} down from an outage. */
    public boolean sees(String dependency) {
        return downDependencies.contains(dependency);
    }
}
