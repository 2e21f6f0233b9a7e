package io.saasagent.coordination;

import java.util.Objects;
import java.util.Optional;

/** The record in memory: a single agent without a state file forgets it on restart, and says so. */
final class MemoryRecordStore implements RecordStore {
    private Stored stored;
    private long versions;

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

    @Override
    public String describe() {
        return "memory (lost on restart: set agent.failover.state-file to keep it)";
    }
}
