package io.saasagent.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Probe results of the last {@code length} of time, for error rate and latency percentiles. A
 * window of 5 min at a 10 s interval holds 30 samples, so sorting on each update is cheap. Not
 * thread-safe: owned by one dependency's state (or by one failover rule whose window differs).
 */
public final class SlidingWindow {
    private record Sample(Instant at, boolean success, long latencyNanos) {
    }

    private final Duration length;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public SlidingWindow(Duration length) {
        this.length = length;
    }

    public WindowStats add(Instant at, boolean success, Duration latency) {
        samples.addLast(new Sample(at, success, latency.toNanos()));
        return stats(at);
    }

    public WindowStats stats(Instant now) {
        Instant oldest = now.minus(length);
        while (!samples.isEmpty() && samples.peekFirst().at().isBefore(oldest)) {
            samples.removeFirst();
        }
        int n = samples.size();
        if (n == 0) {
            return WindowStats.EMPTY;
        }
        long[] latencies = new long[n];
        int failures = 0;
        int i = 0;
        for (Sample s : samples) {
            latencies[i++] = s.latencyNanos();
            if (!s.success()) {
                failures++;
            }
        }
        Arrays.sort(latencies);
        return new WindowStats(n, failures, (double) failures / n,
                Duration.ofNanos(percentile(latencies, 0.50)),
                Duration.ofNanos(percentile(latencies, 0.95)),
                Duration.ofNanos(percentile(latencies, 0.99)));
    }

    /** Nearest-rank percentile. */
    private static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
