package io.saasagent.coordination;

import java.util.Objects;
import java.util.Optional;

/** The record in memory: a single agent without a state file forgets it on restart, and says so. */
public final class MemoryRecordStore implements RecordStore {
    private Stored stored;
    private long versions;
    private String aside;

    @Override
    public synchronized Optional<Stored> read() {
        return Optional.ofNullable(stored);
    }

    @Override
    public synchronized String write(String json, String expectedVersion) throws Conflict {
        String current = stored == null ? null : stored.version();
        if (!Objects.equals(current, expectedVersion)) {
            throw new Conflict("version " + current + ", not " + expectedVersion);
        }
        stored = new Stored(json, Long.toString(++versions));
        return stored.version();
    }

    /** Memory cannot rename: the unreadable record stays where it is, a copy is noted. */
    @Override
    public synchronized String keepAside(Stored unreadable, java.time.Instant at) {
        aside = "memory" + RecordStore.asideSuffix(at);
        return aside;
    }

    @Override
    public synchronized Optional<String> keptAside() {
        return Optional.ofNullable(aside);
    }

    /** Puts any text as the record (tests: a torn write, a bad hand edit). */
    public synchronized void put(String json) {
        stored = new Stored(json, Long.toString(++versions));
    }

    @Override
    public String describe() {
        return "memory (lost on restart: set agent.failover.state-file to keep it)";
    }
}
