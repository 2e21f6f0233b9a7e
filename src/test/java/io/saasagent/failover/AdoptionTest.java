package io.saasagent.failover;

import io.saasagent.coordination.FileRecordStore;
import io.saasagent.coordination.RecordStore;
import io.saasagent.dns.DnsRecord;
import io.saasagent.dns.Rfc2136Provider;
import io.saasagent.failover.control.ControlAnswer;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.testing.PrivateBind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.saasagent.failover.EngineWorld.DR;
import static io.saasagent.failover.EngineWorld.PRIMARY;
import static io.saasagent.failover.EngineWorld.RECORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adoption is symmetric: whatever the record says, a new holder takes the state DNS answers (a completed
 * failback whose record was never saved is armed, not drift); a drift is repaired only onto a healthy DR
 * target; disarm works from every state and stops the repairs.
 */
@Timeout(30)
class AdoptionTest {
    @TempDir
    Path dir;

    /** A store whose writes fail from a moment on: the process died before the record's write. */
    static final class DiesBeforeWrite implements RecordStore {
        private final RecordStore store;
        volatile boolean dead;

        DiesBeforeWrite(RecordStore store) {
            this.store = store;
        }

        @Override
        public Optional<Stored> read() throws Unavailable {
            return store.read();
        }

        @Override
        public String write(String json, String expectedVersion) throws Conflict, Unavailable {
            if (dead) {
                throw new Unavailable("killed");
            }
            return store.write(json, expectedVersion);
        }

        @Override
        public String describe() {
            return store.describe();
        }
    }

    private static EngineWorld failedOver(EngineWorld w) {
        w.primaryFailsFor(3);
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        w.recover("redis");
        return w;
    }

    @Test
    void aFailbackWrittenWhoseRecordWasLostWithTheLeaseIsAdoptedArmedByTheNextHolderWhichWritesNothing() throws Exception {
        RecordStore store = RecordStore.memory();
        MemoryDnsProvider dns = new MemoryDnsProvider();
        EngineWorld first = failedOver(new EngineWorld("active", Map.of(), store, true, dns, "agent-0"));
        int writes = dns.writes.get();
        // The DNS fence still says yes; by the record's write the lease is gone.
        first.coordinator.leaderScript.add(true);
        first.coordinator.leaderScript.add(false);
        assertThat(first.engine.control("failback", "ops").status()).isEqualTo(200);
        assertThat(dns.answer(RECORD)).isEqualTo(PRIMARY);
        assertThat(dns.writes).hasValue(writes + 1);
        assertThat(store.read().orElseThrow().json()).as("the record still says failed over").contains("\"state\":\"failed_over\"");
        first.coordinator.leader = false;

        EngineWorld next = new EngineWorld("active", Map.of(), store, true, dns, "agent-1");
        next.clock.set(first.clock.instant());
        assertThat(next.state()).isEqualTo(FailoverState.FAILED_OVER);
        next.rounds(10);
        assertThat(next.state()).isEqualTo(FailoverState.ARMED);
        assertThat(next.coordinator.last("Adopted").message()).contains("answers the primary target").contains("armed");
        assertThat(dns.writes).as("no drift repair, no write of DNS").hasValue(writes + 1);
        assertThat(next.coordinator.kinds()).doesNotContain("DnsDrift", "DnsRewritten");
        assertThat(store.read().orElseThrow().json()).contains("\"state\":\"armed\"");
    }

    @Test
    void aSingleAgentKilledBetweenTheFailbackWriteAndItsStateFileAdoptsArmedOnRestartOnARealBind() throws Exception {
        try (PrivateBind bind = new PrivateBind().start()) {
            bind.nsupdate("update delete api.example.test. A", "update add api.example.test. 60 A " + PrivateBind.PRIMARY);
            Path file = dir.resolve("failover.json");
            DiesBeforeWrite store = new DiesBeforeWrite(new FileRecordStore(file));
            EngineWorld first = failedOver(new EngineWorld("active", Map.of(), store, true, rfc2136(bind), "agent-0"));
            assertThat(bind.a(RECORD)).containsExactly(PrivateBind.DR);
            store.dead = true;
            assertThat(first.engine.control("failback", "ops").status()).isEqualTo(200);
            assertThat(bind.a(RECORD)).containsExactly(PrivateBind.PRIMARY);
            long serial = bind.serial();
            assertThat(Files.readString(file)).as("the state file still says failed over").contains("\"state\":\"failed_over\"");

            EngineWorld restarted = new EngineWorld("active", Map.of(), new FileRecordStore(file), true, rfc2136(bind), "agent-0");
            restarted.clock.set(first.clock.instant());
            restarted.rounds(10);
            assertThat(restarted.state()).isEqualTo(FailoverState.ARMED);
            assertThat(bind.serial()).as("SOA serial: nothing written to DNS").isEqualTo(serial);
            assertThat(bind.a(RECORD)).containsExactly(PrivateBind.PRIMARY);
            assertThat(Files.readString(file)).contains("\"state\":\"armed\"");
        }
    }

    private static Rfc2136Provider rfc2136(PrivateBind bind) {
        return new Rfc2136Provider(bind.server(), bind.zone(), PrivateBind.KEY, "hmac-sha256", bind.secret(), Duration.ofSeconds(2));
    }

    @Test
    void aHandEditToThePrimaryWhileFailedOverWithTheDrTargetUnhealthyIsPagedNotRewritten() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        EngineWorld w = new EngineWorld("active", Map.of("agent.failover.verify-interval", "30s"), RecordStore.memory(), true, dns, "agent-0");
        w.primaryFailsFor(3);
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        int writes = dns.writes.get();
        w.set("dr-api", false);
        w.rounds(4);
        dns.records.put(RECORD + "/A", DnsRecord.simple(RECORD, "A", PRIMARY, 60)); // an operator's hand edit
        w.rounds(6);

        assertThat(dns.answer(RECORD)).as("the hand edit stands").isEqualTo(PRIMARY);
        assertThat(dns.writes).hasValue(writes);
        assertThat(w.coordinator.kinds()).doesNotContain("DnsRewritten");
        assertThat(w.coordinator.last("DnsDrift").message()).contains("not repaired").contains("dr-api");
        assertThat(w.alerts).filteredOn(a -> a.dedupKey().endsWith("/drift") && a.firing()).isNotEmpty()
                .allSatisfy(a -> assertThat(a.summary()).contains("not repaired"));
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
    }

    @Test
    void disarmIsAcceptedWhileFailedOverStopsDriftRepairAndArmReadsDnsAgain() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        EngineWorld w = new EngineWorld("active", Map.of(), RecordStore.memory(), true, dns, "agent-0");
        w.primaryFailsFor(3);
        w.recover("redis");
        int writes = dns.writes.get();

        ControlAnswer disarm = w.engine.control("disarm", "ops");
        assertThat(disarm.status()).isEqualTo(200);
        assertThat(disarm.message()).contains("traffic stays where it is: failed_over");
        assertThat(w.state()).isEqualTo(FailoverState.DISARMED);
        dns.records.put(RECORD + "/A", DnsRecord.simple(RECORD, "A", PRIMARY, 60)); // an operator moves traffic by hand
        w.rounds(10);
        assertThat(dns.writes).as("disarmed: no drift repair").hasValue(writes);
        assertThat(w.coordinator.kinds()).doesNotContain("DnsRewritten");

        assertThat(w.engine.control("arm", "ops").status()).isEqualTo(200);
        assertThat(w.state()).as("armed again on what DNS answers: the primary").isEqualTo(FailoverState.ARMED);
        w.rounds(5);
        assertThat(dns.writes).hasValue(writes);
        assertThat(dns.answer(RECORD)).isEqualTo(PRIMARY);
    }

    @Test
    void passiveDisarmedWhileFailedOverKeeps503() {
        EngineWorld w = new EngineWorld("passive");
        w.primaryFailsFor(3);
        assertThat(w.engine.endpointHealthy()).isFalse();
        assertThat(w.engine.control("disarm", "ops").status()).isEqualTo(200);
        w.recover("redis");
        assertThat(w.engine.endpointHealthy()).as("disarm moves nothing: still 503").isFalse();
        assertThat(w.engine.control("arm", "ops").status()).isEqualTo(200);
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(DR).isNotEqualTo(PRIMARY);
    }
}
