package io.saasagent.state;

import java.time.Duration;

/** Error rate and latency percentiles over the sliding window; {@code samples} 0 means no data. */
public record WindowStats(int samples, int failures, double errorRate, Duration p50, Duration p95, Duration p99) {
    public static final WindowStats EMPTY = new WindowStats(0, 0, 0.0, Duration.ZERO, Duration.ZERO, Duration.ZERO);
}
