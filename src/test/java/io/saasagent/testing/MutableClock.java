package io.saasagent.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that only moves when the test moves it.
 *
 * <p>Why: time-based logic (circuit-breaker open intervals, lease expiry, flap damping) is tested
 * deterministically by injecting this clock and calling {@link #advance(Duration)} instead of
 * waiting in real time. Thread-safe: the instant is held in an {@link AtomicReference}, and clocks
 * derived with {@link #withZone(ZoneId)} share it, so advancing one advances all.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** A clock standing still at {@code start}, in UTC. */
    public MutableClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /** A clock standing still at the current system time, in UTC. */
    public MutableClock() {
        this(Instant.now());
    }

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** Moves the clock by {@code step} (negative steps move it back) and returns the new instant. */
    public Instant advance(Duration step) {
        Objects.requireNonNull(step, "step");
        return now.updateAndGet(t -> t.plus(step));
    }

    /** Sets the clock to {@code instant}. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone sharing this clock's instant (advancing either moves both). */
    @Override
    public MutableClock withZone(ZoneId zone) {
        return new MutableClock(now, zone);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "," + zone + "]";
    }
}
