package io.saasagent.failover;

import io.saasagent.alerting.Alert;
import io.saasagent.coordination.FileRecordStore;
import io.saasagent.coordination.RecordStore;
import io.saasagent.dns.DnsRecord;
import io.saasagent.failover.record.FailoverState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.saasagent.failover.EngineWorld.DR;
import static io.saasagent.failover.EngineWorld.RECORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record that cannot be parsed is evidence: kept aside byte for byte, named in /failover, paged once,
 * never written over; the holder takes the fleet's state from DNS until an operator clears it.
 */
@Timeout(20)
class UnreadableRecordTest {
    /** A torn write of a failed-over record: valid up to where it stops. */
    static final String TORN = "{\"state\":\"failed_over\",\"incidents\":3,\"last_failover\":\"2025-01-01T11:00:00Z\",\"incident\":{\"id\":\"inc";

    @TempDir
    Path dir;

    private static MemoryDnsProvider answeringDr() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        dns.records.put(RECORD + "/A", DnsRecord.simple(RECORD, "A", DR, 60));
        return dns;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void anUnreadableStateFileIsKeptAsideByteForByteNamedPagedAndDnsIsAdopted() throws IOException {
        Path file = dir.resolve("failover.json");
        Files.writeString(file, TORN);
        MemoryDnsProvider dns = answeringDr();
        EngineWorld w = new EngineWorld("active", Map.of(), new FileRecordStore(file), true, dns, "agent-0");
        w.rounds(6);

        assertThat(files()).as("renamed with a timestamp, nothing else written").singleElement()
                .satisfies(p -> assertThat(p.getFileName().toString()).matches("failover\\.json\\.unreadable-\\d{8}T\\d{6}Z"));
        assertThat(Files.readString(files().get(0))).as("kept byte for byte").isEqualTo(TORN);
        assertThat(w.state()).as("the fleet's state from DNS").isEqualTo(FailoverState.FAILED_OVER);
        assertThat(w.coordinator.decisions).filteredOn(d -> d.kind().equals("Adopted")).extracting(d -> d.message())
                .anySatisfy(m -> assertThat(m).contains("answers the DR target"));
        assertThat(dns.writes).as("nothing written to DNS either").hasValue(0);
        String problem = String.valueOf(((Map<?, ?>) w.engine.view().get("fleet")).get("record_problem"));
        assertThat(problem).contains("unreadable").contains("not JSON").contains(files().get(0).getFileName().toString());
        List<Alert> pages = w.alerts.stream().filter(a -> a.dedupKey().endsWith("/record_unreadable")).toList();
        assertThat(pages).as("paged once for the fleet").singleElement().satisfies(a -> {
            assertThat(a.firing()).isTrue();
            assertThat(a.severity()).isEqualTo("critical");
            assertThat(a.summary()).contains("kept aside as").contains("taken from DNS");
        });

        // The holder still acts on what DNS says (an operator's failback moves the record back), but writes no record.
        assertThat(w.engine.control("failback", "ops").accepted()).isTrue();
        w.rounds(3);
        assertThat(dns.answer(RECORD)).isEqualTo(EngineWorld.PRIMARY);
        assertThat(files()).hasSize(1);
        assertThat(Files.exists(file)).as("the state file is not recreated while the copy waits").isFalse();

        // A restart finds the copy: still nothing written, the state again from DNS (armed now), the problem named.
        EngineWorld again = new EngineWorld("active", Map.of(), new FileRecordStore(file), true, dns, "agent-0");
        again.rounds(3);
        assertThat(Files.exists(file)).isFalse();
        assertThat(again.state()).isEqualTo(FailoverState.ARMED);
        assertThat(String.valueOf(((Map<?, ?>) again.engine.view().get("fleet")).get("record_problem"))).contains("kept at");

        // The operator removes the copy: the holder writes the fleet's state (from DNS) afresh, and the page resolves.
        Files.delete(files().get(0));
        again.rounds(2);
        assertThat(Files.readString(file)).contains("\"state\":\"armed\"");
        assertThat(again.alerts).filteredOn(a -> a.dedupKey().endsWith("/record_unreadable") && !a.firing()).hasSize(1);
    }

    @Test
    void aRecordOfANewerVersionIsNotReadAsArmedAndNotWrittenOver() {
        io.saasagent.coordination.MemoryRecordStore store = (io.saasagent.coordination.MemoryRecordStore) RecordStore.memory();
        String newer = "{\"state\":\"evacuating\",\"format\":2}";
        store.put(newer);
        EngineWorld w = new EngineWorld("active", Map.of(), store, true, answeringDr(), "agent-0");
        w.rounds(4);
        assertThat(store.read().orElseThrow().json()).isEqualTo(newer);
        assertThat(store.keptAside()).hasValueSatisfying(k -> assertThat(k).startsWith("memory.unreadable-"));
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(String.valueOf(((Map<?, ?>) w.engine.view().get("fleet")).get("record_problem"))).contains("'evacuating'");
    }
}
