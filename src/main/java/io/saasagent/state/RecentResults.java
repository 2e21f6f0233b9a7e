package io.saasagent.state;

import io.saasagent.probe.ProbeResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last {@link #SIZE} probe results of one dependency, oldest first, for the bar of the /status page.
 * Kept apart from the sliding window, which is bounded by time (5 min at a 30 s interval is 10 results).
 * Not thread-safe: owned by one dependency's state, which publishes {@link #list()} as an immutable copy.
 */
public final class RecentResults {
    public static final int SIZE = 60;

    /** One result as the page shows it; {@code error} is already redacted (ProbeResult's). */
    public record Mark(Instant at, ProbeResult.Outcome outcome, Duration latency, String error) {
    }

    private final Deque<Mark> marks = new ArrayDeque<>(SIZE);

    /** Adds a result and returns the new list. */
    public List<Mark> add(ProbeResult result) {
        if (marks.size() == SIZE) {
            marks.removeFirst();
        }
        marks.addLast(new Mark(result.at(), result.outcome(), result.latency(), result.success() ? null : result.error()));
        return list();
    }

    public List<Mark> list() {
        return List.copyOf(marks);
    }
}
