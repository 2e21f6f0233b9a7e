package io.saasagent.coordination;

import java.time.Instant;
import java.util.List;

/**
 * What one agent sees: the failures it would fail over for (rule names, e.g.
 * {@code health_check_failure}) and the critical dependencies it sees down.
 */
public record Verdict(String agent, List<String> failures, List<String> downDependencies, Instant at) {
    public Verdict {
        failures = List.copyOf(failures);
        downDependencies = List.copyOf(downDependencies);
    }

    public boolean sees(String failure) {
        return failures.contains(failure);
    }
}
