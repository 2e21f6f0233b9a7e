package io.saasagent.support;

import java.time.Duration;

/**
 * Bounded exponential backoff: {@code maxAttempts} calls in all, pausing {@code firstDelay},
 * then twice that, and so on up to {@code maxDelay}. A server's own hint (Retry-After) is honoured
 * when longer than the backoff, up to {@code maxDelay} as well, so one answer cannot stall a failover.
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, Duration maxDelay) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** A DNS provider's API calls: 1 s, doubling, at most 30 s between attempts. */
    public static RetryPolicy dnsApi(int maxAttempts) {
        return new RetryPolicy(maxAttempts, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** The pause after the {@code failures}-th failed attempt (1-based). */
    public Duration delay(int failures, Duration hint) {
        Duration backoff = firstDelay.multipliedBy(1L << Math.min(failures - 1, 30));
        if (backoff.compareTo(maxDelay) > 0 || backoff.isNegative()) {
            backoff = maxDelay;
        }
        if (hint != null && hint.compareTo(backoff) > 0) {
            return hint.compareTo(maxDelay) > 0 ? maxDelay : hint;
        }
        return backoff;
    }
}
