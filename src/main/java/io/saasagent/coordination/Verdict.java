package io.saasagent.coordination;

import java.time.Instant;
import java.util.List;

/**
 * What one agent sees: the failures it would fail over for (rule names, e.g. {@code health_check_failure},
 * shown to operators) and the dependencies feeding failover it sees down from an outage, which the quorum
 * counts: agents agree only on the same dependency ("postgres down" and "redis down" do not).
 */
public record Verdict(String agent, List<String> failures, List<String> downDependencies, Instant at) {
    public Verdict {
        failures = List.copyOf(failures);
        downDependencies = List.copyOf(downDependencies);
    }

    /** Whether this agent sees {@code dependency} down from an outage. */
    public boolean sees(String dependency) {
        return downDependencies.contains(dependency);
    }
}
