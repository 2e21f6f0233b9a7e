package io.saasagent.probe;

import java.time.Duration;
import java.util.Map;

/** The shared "slow" rule: a success over the dependency's latency budget is degraded. */
final class Latency {
    private Latency() {
    }

    static ProbeResult judge(ProbeTarget target, Duration latency, Map<String, Object> details) {
        Verdict verdict = new Verdict();
        verdict.slow("latency", latency, target.latencyBudget());
        return verdict.result(target, latency, details);
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
