package io.saasagent.coordination;

import io.saasagent.failover.policy.Refusal;
import io.saasagent.failover.record.FailoverRecord;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.failover.record.RecordJson;
import io.saasagent.failover.record.RecordKeeper;
import io.saasagent.failover.record.RecordRequests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stale holder's write of the record's ConfigMap loses a race (409) against its successor's: it never
 * writes again over it, whether its fence now says no (the lease moved) or, worse, still says yes
 * (it adopts the successor's record instead). Writes are counted at the mock API.
 */
@Timeout(30)
class StaleHolderWriteTest {
    private final MockApi api = new MockApi();

    @AfterEach
    void close() {
        api.close();
    }

    private RecordStore store() {
        return new ConfigMapRecordStore(api.client(), MockApi.NAMESPACE, "saas-agent-failover-record");
    }

    private static FailoverRecord record(FailoverState state) {
        FailoverRecord r = new FailoverRecord();
        r.state = state;
        return r;
    }

    /** The stale holder's side: a scripted fence, what it merged and adopted. */
    private static final class Stale implements RecordKeeper.Writer {
        final List<Boolean> fenceAnswers;
        final AtomicInteger fenceCalls = new AtomicInteger();
        final List<FailoverRecord> adopted = new ArrayList<>();
        int merged;

        Stale(Boolean... answers) {
            this.fenceAnswers = new ArrayList<>(List.of(answers));
        }

        @Override
        public Refusal fence() {
            int i = fenceCalls.getAndIncrement();
            boolean ok = i < fenceAnswers.size() ? fenceAnswers.get(i) : fenceAnswers.get(fenceAnswers.size() - 1);
            return ok ? null : Refusal.noLease("lease held by agent-1");
        }

        @Override
        public void merge(FailoverRecord stored) {
            merged++;
        }

        @Override
        public void adopt(FailoverRecord stored) {
            adopted.add(stored);
        }
    }

    private void raceWith(Stale stale) throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        RecordKeeper holder0 = new RecordKeeper(store(), Duration.ofSeconds(5));
        holder0.read(t0);
        holder0.saveIfChanged(record(FailoverState.FAILED_OVER), t0, "agent-0", new Stale(true));
        RecordKeeper staleKeeper = holder0; // agent-0 keeps its cached version: it was stopped (CPU starved) meanwhile

        // agent-1 took the lease, read the record and wrote the failback's end.
        RecordKeeper successor = new RecordKeeper(store(), Duration.ofSeconds(5));
        successor.read(t0.plusSeconds(20));
        successor.saveIfChanged(record(FailoverState.ARMED), t0.plusSeconds(20), "agent-1", new Stale(true));
        String successorsRecord = store().read().orElseThrow().json();
        api.resetCounts();

        // agent-0 wakes up with a step of its own to save.
        FailoverRecord mine = record(FailoverState.FAILING_BACK);
        staleKeeper.saveIfChanged(mine, t0.plusSeconds(21), "agent-0", stale);

        assertThat(api.count("PUT configmaps")).as("one attempt (409), never a second").isEqualTo(1);
        assertThat(store().read().orElseThrow().json()).as("the successor's record stands").isEqualTo(successorsRecord);
        assertThat(RecordJson.read(successorsRecord).writer).isEqualTo("agent-1");
    }

    @Test
    void aStaleHolderWhoseFenceStillSaysYesAdoptsTheSuccessorsRecordInsteadOfWritingOverIt() throws Exception {
        Stale stale = new Stale(true);
        raceWith(stale);
        assertThat(stale.merged).isZero();
        assertThat(stale.adopted).singleElement().satisfies(r -> {
            assertThat(r.writer).isEqualTo("agent-1");
            assertThat(r.state).isEqualTo(FailoverState.ARMED);
        });
    }

    /** The holder wrote, a follower added a request since: the holder's next write meets a 409. */
    private RecordKeeper holderBehindARequest(Instant t0) throws Exception {
        RecordKeeper holder = new RecordKeeper(store(), Duration.ofSeconds(5));
        holder.read(t0);
        holder.saveIfChanged(record(FailoverState.ARMED), t0, "agent-0", new Stale(true));
        new RecordRequests(store()).submit(io.saasagent.failover.record.OperatorRequest.of("disarm", "ops", "agent-2",
                t0, Duration.ofMinutes(5)));
        api.resetCounts();
        return holder;
    }

    @Test
    void aRequestAddedByAFollowerIsMergedAndTheWriteTriedAgainAfterTheFence() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        RecordKeeper holder = holderBehindARequest(t0);
        Stale writer = new Stale(true);
        holder.saveIfChanged(record(FailoverState.FIRED), t0.plusSeconds(1), "agent-0", writer);
        assertThat(writer.merged).isEqualTo(1);
        assertThat(writer.adopted).isEmpty();
        assertThat(writer.fenceCalls).as("asked before each attempt").hasValue(2);
        assertThat(api.count("PUT configmaps")).as("409, then the merged write").isEqualTo(2);
        assertThat(RecordJson.read(store().read().orElseThrow().json()).state).isEqualTo(FailoverState.FIRED);
    }

    @Test
    void aRetryAfterA409IsFencedAgainAndNotSentOnceTheLeaseMoved() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        RecordKeeper holder = holderBehindARequest(t0);
        String stored = store().read().orElseThrow().json();
        Stale writer = new Stale(true, false);
        holder.saveIfChanged(record(FailoverState.FIRED), t0.plusSeconds(1), "agent-0", writer);
        assertThat(writer.fenceCalls).hasValue(2);
        assertThat(api.count("PUT configmaps")).as("the 409 only: the retry was fenced").isEqualTo(1);
        assertThat(store().read().orElseThrow().json()).isEqualTo(stored);
    }
}
