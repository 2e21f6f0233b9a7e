package io.saasagent.probe;

import java.time.Duration;
import java.util.Map;

/** The shared "slow" rule: a success over the dependency's latency budget is degraded. */
public final class Latency {
    private Latency() {
    }

    public static ProbeResult judge(ProbeTarget target, Duration latency, Map<String, Object> details) {
        Verdict verdict = new Verdict();
        verdict.slow("latency", latency, target.latencyBudget());
        return verdict.result(target, latency, details);
    }

    public static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
