package io.saasagent.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects the reasons an answering dependency is degraded (slow, memory near max, mirror lagging...)
 * and turns them into one result: UP when there are none, else DEGRADED with every reason.
 */
public final class Verdict {
    private final List<String> reasons = new ArrayList<>();

    public void degraded(String reason) {
        reasons.add(reason);
    }

    /** Degraded when {@code value} is over {@code limit}; slow latency is judged this way too. */
    public void slow(String what, Duration value, Duration limit) {
        if (value.compareTo(limit) > 0) {
            degraded("slow: " + what + " " + value.toMillis() + " ms over budget " + limit.toMillis() + " ms");
        }
    }

    /** Degraded when {@code used} is at or above {@code ratio} of {@code max}; a max of 0 or less means unlimited. */
    public void nearMax(String what, long used, long max, double ratio) {
        if (max > 0 && used >= ratio * max) {
            degraded(what + " " + used + " of max " + max + " (>= " + Math.round(ratio * 100) + "%)");
        }
    }

    public ProbeResult result(ProbeTarget target, Duration latency, Map<String, Object> details) {
        return reasons.isEmpty()
                ? ProbeResult.up(latency, details, target.clock().instant())
                : ProbeResult.degraded(latency, String.join("; ", reasons), details, target.clock().instant());
    }
}
