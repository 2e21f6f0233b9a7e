package io.saasagent.failover.record;

import io.saasagent.failover.policy.Refusal;
import io.saasagent.coordination.RecordStore;
import io.saasagent.support.Redactor;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * This agent's side of the fleet's record: reads it at most once per {@code every} (a follower's pace
 * is the one it already reads the Lease at), writes it against the version last read, and adds an
 * operator's request with a compare-and-set that never overwrites what the holder wrote.
 */
public final class RecordKeeper {
    private static final Logger LOG = Logger.getLogger(RecordKeeper.class);
    private static final int ATTEMPTS = 3;

    private final RecordStore store;
    private final Duration every;
    private String version;
    private Instant lastRead;
    private volatile String problem;
    /** The holder's last write, without its writer stamp: an unchanged record is not written again. */
    private String saved;

    public RecordKeeper(RecordStore store, Duration every) {
        this.store = store;
        this.every = every;
    }

    /** Reads now. Empty when there is no record yet, or it cannot be read (the cache stays; the problem is kept). */
    public Optional<FailoverRecord> read(Instant now) {
        lastRead = now;
        try {
            Optional<RecordStore.Stored> stored = store.read();
            version = stored.map(RecordStore.Stored::version).orElse(null);
            problem = null;
            return stored.map(s -> RecordJson.read(s.json()));
        } catch (RecordStore.Unavailable e) {
            failed(e.getMessage());
        } catch (RuntimeException e) {
            failed("unreadable record in " + store.describe() + ": " + e.getMessage());
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

    /** The holder's write when the step changed the record, after the fence (still the holder). */
    public void saveIfChanged(FailoverRecord record, Instant now, String identity, Supplier<Refusal> fence, Consumer<FailoverRecord> merge) {
        String writer = record.writer;
        Instant writtenAt = record.writtenAt;
        record.writer = null;
        record.writtenAt = null;
        String json = RecordJson.write(record);
        Refusal fenced = json.equals(saved) ? null : fence.get();
        if (json.equals(saved) || fenced != null) {
            record.writer = writer;
            record.writtenAt = writtenAt;
            if (fenced != null) {
                LOG.debugf("failover record not written: %s", fenced.message());
            }
            return;
        }
        record.writer = identity;
        record.writtenAt = now;
        if (save(record, now, merge)) {
            saved = json;
        }
    }

    /**
     * Writes the holder's record. On a conflict (a request added since the last read) the stored record
     * is read, handed to {@code merge}, and the write tried again.
     */
    boolean save(FailoverRecord record, Instant now, Consumer<FailoverRecord> merge) {
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                version = store.write(RecordJson.write(record), version);
                problem = null;
                return true;
            } catch (RecordStore.Conflict c) {
                read(now).ifPresent(merge);
            } catch (RecordStore.Unavailable e) {
                failed(e.getMessage());
                return false;
            }
        }
        failed("the record kept changing while it was written");
        return false;
    }

    /** Adds a request to the stored record as it is now (any agent; retried on a lost race). */
    public void submit(OperatorRequest request) throws RecordStore.Unavailable {
        for (int i = 0; i < ATTEMPTS; i++) {
            Optional<RecordStore.Stored> stored = store.read();
            FailoverRecord r = stored.map(s -> RecordJson.read(s.json())).orElseGet(FailoverRecord::new);
            r.requests.add(request);
            try {
                store.write(RecordJson.write(r), stored.map(RecordStore.Stored::version).orElse(null));
                return;
            } catch (RecordStore.Conflict c) {
                // the holder wrote in between: read again
            }
        }
        throw new RecordStore.Unavailable("the record kept changing while the request was added: try again");
    }

    /** Why the last read or write failed; null when it worked. */
    public String problem() {
        return problem;
    }

    public String describe() {
        return store.describe();
    }

    private void failed(String why) {
        String safe = Redactor.redact(why);
        if (!safe.equals(problem)) {
            LOG.warnf("failover record: %s", safe);
        }
        problem = safe;
    }
}
