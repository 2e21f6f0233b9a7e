package io.saasagent.support;

import java.time.Duration;

/** Pauses between attempts; tests pass one that records the pause (and moves a clock) instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
