package io.saasagent.failover.record;

import io.saasagent.coordination.RecordStore;

import java.util.Optional;

/**
 * Any agent's way into the fleet's record: it adds an operator's request for the holder with a compare-and-set
 * against the record as stored now, never overwriting what the holder wrote (a lost race reads again), and never
 * into a record that does not parse. The holder reads and writes through {@link RecordKeeper}.
 */
public final class RecordRequests {
    private static final int ATTEMPTS = 3;

    private final RecordStore store;

    public RecordRequests(RecordStore store) {
        this.store = store;
    }

    /** Adds a request to the stored record as it is now (any agent; retried on a lost race); never to an unreadable one. */
    public void submit(OperatorRequest request) throws RecordStore.Unavailable {
        for (int i = 0; i < ATTEMPTS; i++) {
            Optional<RecordStore.Stored> stored = store.read();
            if (stored.isEmpty() && store.keptAside().isPresent()) {
                throw new RecordStore.Unavailable("the failover record is unreadable (kept at " + store.keptAside().get() + ")");
            }
            FailoverRecord r;
            try {
                r = stored.map(s -> RecordJson.read(s.json())).orElseGet(FailoverRecord::new);
            } catch (RuntimeException e) {
                throw new RecordStore.Unavailable("the failover record is unreadable: " + e.getMessage());
            }
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
}
