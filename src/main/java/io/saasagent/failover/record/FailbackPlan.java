package io.saasagent.failover.record;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The steps of one failback: the configured percentages back on the primary when the provider has
 * weighted records, each held for {@code hold}; else one direct step (100%, the plain record).
 */
public final class FailbackPlan {
    public final boolean weighted;
    private final List<Integer> steps;
    private int index;
    /** When the current step was written; null while it is still to be written. */
    private Instant writtenAt;
    private boolean anyWritten;

    public FailbackPlan(boolean weighted, List<Integer> steps) {
        this(weighted, weighted ? steps : List.of(100), 0, null, false);
    }

    /** As kept in the fleet's record: a new holder resumes at the same step. */
    public FailbackPlan(boolean weighted, List<Integer> steps, int index, Instant writtenAt, boolean anyWritten) {
        this.weighted = weighted;
        this.steps = List.copyOf(steps);
        this.index = index;
        this.writtenAt = writtenAt;
        this.anyWritten = anyWritten;
    }

    List<Integer> stepList() {
        return steps;
    }

    int index() {
        return index;
    }

    public int percent() {
        return steps.get(index);
    }

    public int step() {
        return index + 1;
    }

    public int steps() {
        return steps.size();
    }

    public boolean last() {
        return index == steps.size() - 1;
    }

    public boolean pendingWrite() {
        return writtenAt == null;
    }

    public boolean anyWritten() {
        return anyWritten;
    }

    Instant writtenAt() {
        return writtenAt;
    }

    public void written(Instant at) {
        writtenAt = at;
        anyWritten = true;
    }

    /** A step is held while the primary stays healthy: a moment it was not starts the hold again. */
    public void holdFrom(Instant at) {
        if (writtenAt != null) {
            writtenAt = at;
        }
    }

    /** Moves to the next step once the current one has been held long enough; true when it moved. */
    public boolean advanceAfter(Duration hold, Instant now) {
        if (writtenAt == null || last() || now.isBefore(writtenAt.plus(hold))) {
            return false;
        }
        index++;
        writtenAt = null;
        return true;
    }
}
