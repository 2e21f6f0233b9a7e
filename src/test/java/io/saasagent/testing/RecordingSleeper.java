package io.saasagent.testing;

import io.saasagent.support.Sleeper;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Sleeper} that does not sleep: it records each pause and moves the test's clock by it. */
public final class RecordingSleeper implements Sleeper {
    private final MutableClock clock;
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();

    public RecordingSleeper(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(Duration duration) {
        pauses.add(duration);
        if (clock != null) {
            clock.advance(duration);
        }
    }

    public List<Duration> pauses() {
        return List.copyOf(pauses);
    }
}
