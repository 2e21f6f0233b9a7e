package io.saasagent.probe;

import java.time.Duration;
import java.util.Map;

/** The shared "slow" rule: a success over the dependency's latency budget is degraded. */
final class Latency {
    private Latency() {
    }

    static ProbeResult judge(ProbeTarget target, Duration latency, Map<String, Object> details) {
        if (latency.compareTo(target.latencyBudget()) > 0) {
            return ProbeResult.degraded(latency, "slow: " + latency.toMillis() + " ms over budget " + target.latencyBudget().toMillis() + " ms",
                    details, target.clock().instant());
        }
        return ProbeResult.up(latency, details, target.clock().instant());
    }
}
