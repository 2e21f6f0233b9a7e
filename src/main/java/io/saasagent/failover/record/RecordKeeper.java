package io.saasagent.failover.record;

import io.saasagent.failover.policy.Refusal;
import io.saasagent.coordination.RecordStore;
import io.saasagent.support.Redactor;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * This agent's side of the fleet's record: reads it at most once per {@code every} (a follower's pace
 * is the one it already reads the Lease at) and writes it against the version last read. Any agent adds an
 * operator's request through {@link RecordRequests} instead.
 *
 * <p>A record that does not parse is evidence, never garbage: it is not written over, the holder keeps
 * it aside ({@link #keepAside}), and the store stays closed to writes until an operator removed the
 * copy or put a readable record back.
 */
public final class RecordKeeper {
    private static final Logger LOG = Logger.getLogger(RecordKeeper.class);
    private static final int ATTEMPTS = 3;

    /** The holder's side of a write: the fence (asked before every attempt) and what a lost race does. */
    public interface Writer {
        /** Null when this agent may write now; the refusal otherwise. */
        Refusal fence();

        /** The race was lost to a request added by another agent: its requests join ours, the write is tried again. */
        void merge(FailoverRecord stored);

        /** The race was lost to another holder's write: its record is the fleet's now; ours is not written. */
        void adopt(FailoverRecord stored);
    }

    private final RecordStore store;
    private final Duration every;
    private String version;
    /** Who wrote the version last read, and when: a conflict with the same stamp only added requests. */
    private String readStamp;
    private Instant lastRead;
    private volatile boolean lastReadOk;
    private volatile String problem;
    /** The record as read when it does not parse; null when it did (or there is none). */
    private volatile RecordStore.Stored unreadable;
    private volatile String unreadableWhy;
    /** Where the unreadable record was kept aside; null when none is (or it was cleared). */
    private volatile String keptAt;
    /** What was kept aside: the same unreadable text read again is not copied again. */
    private String keptJson;
    /** The holder's last write, without its writer stamp: an unchanged record is not written again. */
    private String saved;

    public RecordKeeper(RecordStore store, Duration every) {
        this.store = store;
        this.every = every;
    }

    /** Reads now. Empty when there is no record yet, or it cannot be read or parsed (the cache stays; the problem is kept). */
    public Optional<FailoverRecord> read(Instant now) {
        lastRead = now;
        lastReadOk = false;
        Optional<RecordStore.Stored> stored;
        try {
            stored = store.read();
        } catch (RecordStore.Unavailable e) {
            failed(e.getMessage());
            return Optional.empty();
        }
        if (stored.isEmpty()) {
            unreadable = null;
            return absent();
        }
        version = stored.get().version();
        FailoverRecord r;
        try {
            r = RecordJson.read(stored.get().json());
        } catch (RuntimeException e) {
            unreadable = stored.get();
            unreadableWhy = Redactor.redact(e.getMessage());
            if (!Objects.equals(keptJson, unreadable.json())) {
                keptAt = null;
            }
            failed("unreadable record in " + store.describe() + ": " + unreadableWhy + quarantineNote());
            lastReadOk = true;
            return Optional.empty();
        }
        unreadable = null;
        cleared();
        readStamp = r.writer + "@" + r.writtenAt;
        saved = RecordJson.unstamped(r); // what is stored is not written again unchanged (a new holder adopting it writes nothing)
        problem = null;
        lastReadOk = true;
        return Optional.of(r);
    }

    /** No record: a fresh start, unless an unreadable one kept aside still waits for an operator. */
    private Optional<FailoverRecord> absent() {
        version = null;
        readStamp = null;
        try {
            Optional<String> aside = store.keptAside();
            if (aside.isPresent()) {
                if (!aside.get().equals(keptAt)) {
                    unreadableWhy = null; // kept before this process started: why it did not read is in the copy
                }
                keptAt = aside.get();
                failed("no record in " + store.describe() + "; the unreadable one is kept at " + keptAt
                        + (unreadableWhy == null ? "" : " (" + unreadableWhy + ")") + ": nothing is written until an operator removes it");
            } else {
                cleared();
                problem = null;
            }
            lastReadOk = true;
        } catch (RecordStore.Unavailable e) {
            failed(e.getMessage());
        }
        return Optional.empty();
    }

    /** Reads when due; the record only when it changed since the last read. */
    public Optional<FailoverRecord> poll(Instant now) {
        if (lastRead != null && now.isBefore(lastRead.plus(every))) {
            return Optional.empty();
        }
        String before = version;
        Optional<FailoverRecord> r = read(now);
        return Objects.equals(before, version) ? Optional.empty() : r;
    }

    /** Whether the last read reached the store (a record, none, or one that does not parse). */
    public boolean lastReadOk() {
        return lastReadOk;
    }

    /** Whether the fleet's record is known: the last read reached it and it parsed (or there is none yet). */
    public boolean readable() {
        return lastReadOk && !quarantined();
    }

    /** Whether the store is closed to writes: a record that does not parse, or its copy not yet removed. */
    public boolean quarantined() {
        return unreadable != null || keptAt != null;
    }

    /** An unreadable record the holder has not kept aside yet. */
    public boolean keepAsidePending() {
        return unreadable != null && keptAt == null;
    }

    /**
     * The holder keeps the unreadable record aside, byte for byte, where an operator finds it; the record itself
     * is not written. Returns where, or empty when it could not be done (tried again at the next read).
     */
    public Optional<String> keepAside(Instant now) {
        RecordStore.Stored bad = unreadable;
        if (bad == null) {
            return Optional.empty();
        }
        try {
            keptAt = store.keepAside(bad, now);
            keptJson = bad.json();
            failed("unreadable record in " + store.describe() + ": " + unreadableWhy + quarantineNote());
            return Optional.of(keptAt);
        } catch (RecordStore.Unavailable e) {
            failed("unreadable record in " + store.describe() + ": " + unreadableWhy + "; " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Why the record is not one: the parse error; null when it is. */
    public String unreadableWhy() {
        return quarantined() ? unreadableWhy : null;
    }

    public String keptAt() {
        return keptAt;
    }

    /** The holder's write when the step changed the record; the fence is asked before every attempt. */
    public void saveIfChanged(FailoverRecord record, Instant now, String identity, Writer writer) {
        String json = RecordJson.unstamped(record);
        if (json.equals(saved) || quarantined()) {
            return;
        }
        if (save(record, now, identity, writer)) {
            saved = json;
        }
    }

    /**
     * Writes the holder's record, each attempt fenced. On a conflict the stored record is read: requests added
     * by another agent are merged and the write tried again; another holder's write is adopted, never overwritten.
     */
    boolean save(FailoverRecord record, Instant now, String identity, Writer writer) {
        for (int i = 0; i < ATTEMPTS; i++) {
            Refusal fenced = writer.fence();
            if (fenced != null) {
                LOG.debugf("failover record not written: %s", fenced.message());
                return false;
            }
            String by = record.writer;
            Instant at = record.writtenAt;
            record.writer = identity;
            record.writtenAt = now;
            try {
                version = store.write(RecordJson.write(record), version);
                readStamp = identity + "@" + now;
                problem = null;
                return true;
            } catch (RecordStore.Conflict c) {
                record.writer = by;
                record.writtenAt = at;
                String stamp = readStamp;
                Optional<FailoverRecord> stored = read(now);
                if (stored.isEmpty()) {
                    return false; // unreadable or unreachable now: nothing is written over it
                }
                if (Objects.equals(stamp, readStamp)) {
                    writer.merge(stored.get());
                } else {
                    writer.adopt(stored.get());
                    return false;
                }
            } catch (RecordStore.Unavailable e) {
                record.writer = by;
                record.writtenAt = at;
                failed(e.getMessage());
                return false;
            }
        }
        failed("the record kept changing while it was written");
        return false;
    }

    /** Why the last read or write failed; null when it worked. */
    public String problem() {
        return problem;
    }

    public String describe() {
        return store.describe();
    }

    private String quarantineNote() {
        return keptAt == null ? "; not written over" : "; kept aside as " + keptAt + ", not written over until an operator removes "
                + "that copy (after a readable record is put back, or to start afresh from what DNS answers)";
    }

    private void cleared() {
        if (keptAt != null) {
            LOG.infof("failover record: readable again in %s", store.describe());
        }
        keptAt = null;
        keptJson = null;
    }

    private void failed(String why) {
        String safe = Redactor.redact(why);
        if (!safe.equals(problem)) {
            LOG.warnf("failover record: %s", safe);
        }
        problem = safe;
    }
}
