package io.saasagent.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits on conditions, so that tests never sleep a fixed time.
 *
 * <p>Why: fixed sleeps are either too short (flaky on a loaded 2-core CI machine) or too long
 * (slow suites). Polling with a short, growing backoff returns as soon as the condition holds and
 * fails with a message naming what was awaited and for how long.
 *
 * <p>Exceptions thrown by a condition are not swallowed: they propagate at once, so a broken probe
 * is reported as itself rather than as a time-out. Conditions that may legitimately fail (e.g.
 * "connection refused" while a server starts) should catch and return {@code false}.
 */
public final class Await {

    private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(1).toNanos();
    private static final long MAX_PAUSE_NANOS = Duration.ofMillis(50).toNanos();

    private Await() {
    }

    /**
     * Polls {@code condition} until it is true or {@code max} has passed.
     *
     * @throws AssertionError naming {@code what} and the elapsed time when it never became true
     */
    public static void until(Duration max, String what, BooleanSupplier condition) {
        value(max, what, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /**
     * Polls {@code supplier} until it yields a value or {@code max} has passed, and returns that value.
     *
     * @throws AssertionError naming {@code what} and the elapsed time when no value came
     */
    public static <T> T value(Duration max, String what, Supplier<Optional<T>> supplier) {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            Optional<T> result = supplier.get();
            if (result.isPresent()) {
                return result.get();
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                throw new AssertionError("Timed out after " + millis(now - start) + " ms (max "
                        + max.toMillis() + " ms) waiting for: " + what);
            }
            pause(Math.min(pause, deadline - now), what);
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }

    /**
     * Asserts that {@code condition} stays true during the whole {@code period} (checked by polling),
     * e.g. "the paused server still has not answered". Fails at the first false.
     *
     * @throws AssertionError naming {@code what} and when it stopped holding
     */
    public static void holds(Duration period, String what, BooleanSupplier condition) {
        long start = System.nanoTime();
        long end = start + period.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("Stopped holding after " + millis(System.nanoTime() - start)
                        + " ms (of " + period.toMillis() + " ms): " + what);
            }
            long now = System.nanoTime();
            if (now - end >= 0) {
                return;
            }
            pause(Math.min(pause, end - now), what);
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }

    private static void pause(long nanos, String what) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for: " + what, e);
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
