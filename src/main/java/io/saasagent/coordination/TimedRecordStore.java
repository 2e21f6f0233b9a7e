package io.saasagent.coordination;

import io.saasagent.support.TimedCalls;

import java.time.Instant;
import java.util.Optional;

/**
 * A record store whose every call answers within a bound: a blackholed API is "unavailable" after it,
 * never a thread held for the client's own (much longer) timeout. A write that timed out may still land;
 * the next write then meets a 409 and reads what is there.
 */
public final class TimedRecordStore implements RecordStore {
    private final RecordStore store;
    private final TimedCalls calls;

    public TimedRecordStore(RecordStore store, TimedCalls calls) {
        this.store = store;
        this.calls = calls;
    }

    @Override
    public Optional<Stored> read() throws Unavailable {
        return timed(store::read, "read");
    }

    @Override
    public String write(String json, String expectedVersion) throws Conflict, Unavailable {
        try {
            return calls.call(() -> store.write(json, expectedVersion));
        } catch (Conflict | Unavailable e) {
            throw e;
        } catch (TimedCalls.Late e) {
            throw new Unavailable("cannot write " + store.describe() + ": " + e.getMessage());
        } catch (Exception e) {
            throw new Unavailable("cannot write " + store.describe() + ": " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String keepAside(Stored unreadable, Instant at) throws Unavailable {
        return timed(() -> store.keepAside(unreadable, at), "keep aside");
    }

    @Override
    public Optional<String> keptAside() throws Unavailable {
        return timed(store::keptAside, "read");
    }

    @Override
    public boolean shared() {
        return store.shared();
    }

    @Override
    public String describe() {
        return store.describe();
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private <T> T timed(Call<T> call, String what) throws Unavailable {
        try {
            return calls.call(call::run);
        } catch (Unavailable e) {
            throw e;
        } catch (TimedCalls.Late e) {
            throw new Unavailable("cannot " + what + " " + store.describe() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new Unavailable("cannot " + what + " " + store.describe() + ": " + e.getClass().getSimpleName());
        }
    }
}
