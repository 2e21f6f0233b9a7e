package io.saasagent.failover;

import io.saasagent.cluster.ClusterReport;
import io.saasagent.cluster.check.CheckResult;
import io.saasagent.coordination.FileRecordStore;
import io.saasagent.coordination.RecordStore;
import io.saasagent.failover.record.FailoverRecord;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.failover.record.RecordJson;
import io.saasagent.state.DependencyStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster report in the fleet's record: written by the holder's engine on its own step (never by
 * the checks' thread), once per new report, kept through a follower's request and the holder's merge
 * of it, never written after the lease is lost, adopted by followers from the reads they already make.
 * A single agent's file never carries it.
 */
class ClusterShareTest {
    static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

    /** A record other agents read (a ConfigMap's stand-in), counting writes. */
    static final class SharedStore implements RecordStore {
        final RecordStore memory = RecordStore.memory();
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public Optional<Stored> read() throws Unavailable {
            return memory.read();
        }

        @Override
        public String write(String json, String expectedVersion) throws Conflict, Unavailable {
            String v = memory.write(json, expectedVersion);
            writes.incrementAndGet();
            return v;
        }

        @Override
        public boolean shared() {
            return true;
        }

        @Override
        public String describe() {
            return "shared memory";
        }

        String json() throws Unavailable {
            return read().orElseThrow().json();
        }
    }

    static ClusterReport report(String by, Instant at, DependencyStatus status) {
        return new ClusterReport(true, by, at, Map.of("api-tls", new CheckResult(status, Duration.ofMinutes(3), "expires after 30d (warn)",
                status == DependencyStatus.HEALTHY ? null : "expires in 20d", null, Duration.ofDays(20), Map.of("issuer", "letsencrypt"), at)),
                "run by this agent, the lease holder");
    }

    @Test
    void theHoldersEngineWritesTheReportAndFollowersAdoptIt() throws Exception {
        SharedStore store = new SharedStore();
        EngineWorld holder = new EngineWorld("dry-run", Map.of(), store, true, new MemoryDnsProvider(), "agent-0");
        EngineWorld follower = new EngineWorld("dry-run", Map.of(), store, false, new MemoryDnsProvider(), "agent-1");
        holder.round();
        int before = store.writes.get();

        ClusterReport first = report("agent-0", T, DependencyStatus.DEGRADED);
        holder.engine.clusterShare().publish(first);
        assertThat(store.writes.get()).as("the checks' thread only hands it over").isEqualTo(before);
        holder.round();
        holder.round();
        assertThat(store.writes.get()).as("one write per new report").isEqualTo(before + 1);
        assertThat(store.json()).contains("\"cluster\"").contains("\"ran_by\":\"agent-0\"");

        // A follower's request rewrites the record: the report stays in it.
        assertThat(follower.engine.control("disarm", "ops").status()).isEqualTo(202);
        assertThat(store.json()).contains("\"ran_by\":\"agent-0\"");
        follower.round();
        ClusterReport seen = follower.engine.clusterShare().latest().orElseThrow();
        assertThat(seen.ranBy()).isEqualTo("agent-0");
        assertThat(seen.at()).isEqualTo(T);
        assertThat(seen.results()).isEqualTo(first.results());

        // The holder's next write meets the request and keeps both (same resourceVersion discipline).
        ClusterReport second = report("agent-0", T.plusSeconds(60), DependencyStatus.HEALTHY);
        holder.engine.clusterShare().publish(second);
        holder.round();
        assertThat(holder.state()).isEqualTo(FailoverState.DISARMED);
        FailoverRecord stored = RecordJson.read(store.json());
        assertThat(stored.cluster.at()).isEqualTo(second.at());
        assertThat(stored.state).isEqualTo(FailoverState.DISARMED);

        // Offered while holding, the lease lost before the engine's step: never written.
        holder.engine.clusterShare().publish(report("agent-0", T.plusSeconds(120), DependencyStatus.UNHEALTHY));
        holder.coordinator.leader = false;
        holder.round();
        holder.coordinator.leader = true;
        holder.round();
        assertThat(RecordJson.read(store.json()).cluster.at()).isEqualTo(second.at());
    }

    @Test
    void aSingleAgentsFileNeverCarriesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("failover-state.json");
        EngineWorld single = new EngineWorld("dry-run", Map.of(), new FileRecordStore(file), true);
        single.round();
        String before = Files.exists(file) ? Files.readString(file) : "";
        single.engine.clusterShare().publish(report("agent-0", T, DependencyStatus.DEGRADED));
        single.rounds(3);
        assertThat(Files.exists(file) ? Files.readString(file) : "").isEqualTo(before).doesNotContain("cluster");
        assertThat(single.engine.clusterShare().latest()).isEmpty();
    }
}
