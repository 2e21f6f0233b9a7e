package io.saasagent.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runs an attempt again while it fails with {@link Again} (throttled, busy, 5xx, connection lost),
 * pausing per the {@link RetryPolicy}; any other failure passes straight through. One retry layer
 * for the DNS providers and the notifiers, so "bounded, with backoff" means the same everywhere.
 */
public final class Retrier {
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final AtomicLong retries = new AtomicLong();

    public Retrier(RetryPolicy policy, Sleeper sleeper) {
        this.policy = policy;
        this.sleeper = sleeper;
    }

    /** A failure worth another attempt; {@code after} is the server's hint (Retry-After), or null. */
    public static final class Again extends Exception {
        private final transient Duration after;

        public Again(String reason, Duration after) {
            super(reason, null, false, false);
            this.after = after;
        }

        public Again(String reason) {
            this(reason, null);
        }

        public Duration after() {
            return after;
        }
    }

    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        T run() throws E, Again;
    }

    /**
     * @param giveUp turns the last {@link Again} into the caller's own failure once the attempts are
     *               used up (or the thread is interrupted); its message says how many were made
     */
    public <T, E extends Exception> T call(Attempt<T, E> attempt, Function<String, E> giveUp) throws E {
        return call(attempt, giveUp, null, null);
    }

    /** As {@link #call(Attempt, Function)}, never pausing past {@code deadline} (a message too old to be worth sending). */
    public <T, E extends Exception> T call(Attempt<T, E> attempt, Function<String, E> giveUp, Instant deadline, Clock clock) throws E {
        for (int failures = 1; ; failures++) {
            Again again;
            try {
                return attempt.run();
            } catch (Again e) {
                again = e;
            }
            Duration pause = policy.delay(failures, again.after());
            boolean tooLate = deadline != null && clock.instant().plus(pause).isAfter(deadline);
            if (failures >= policy.maxAttempts() || tooLate || Thread.currentThread().isInterrupted()) {
                throw giveUp.apply(again.getMessage() + " (gave up after " + failures + " attempt" + (failures == 1 ? "" : "s")
                        + (tooLate ? ", past its max age" : "") + ")");
            }
            retries.incrementAndGet();
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw giveUp.apply(again.getMessage() + " (interrupted while backing off)");
            }
        }
    }

    /** Retries made so far (attempts beyond the first of each call). */
    public long retries() {
        return retries.get();
    }

    public RetryPolicy policy() {
        return policy;
    }
}
