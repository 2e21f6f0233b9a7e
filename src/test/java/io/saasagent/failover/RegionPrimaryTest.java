package io.saasagent.failover;

import io.saasagent.dns.DnsException;
import io.saasagent.dns.DnsRecord;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.region.Heartbeat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;

import static io.saasagent.failover.EngineWorld.DR;
import static io.saasagent.failover.EngineWorld.PRIMARY;
import static io.saasagent.failover.EngineWorld.RECORD;
import static io.saasagent.failover.RegionWorlds.HEARTBEAT;
import static io.saasagent.failover.RegionWorlds.PRIMARY_REGION;
import static io.saasagent.failover.RegionWorlds.STANDBY_REGION;
import static org.assertj.core.api.Assertions.assertThat;

/** The primary region's holder: heartbeat by compare-and-set, a take-over it missed adopted, the self-fence. */
@Timeout(20)
class RegionPrimaryTest {

    @Test
    void theHolderRefreshesTheHeartbeatOncePerIntervalFromAbsent() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        EngineWorld p = RegionWorlds.primary(dns, Map.of());
        assertThat(dns.txt(HEARTBEAT)).isNull();

        p.round();
        Heartbeat first = Heartbeat.parse(dns.txt(HEARTBEAT)).orElseThrow();
        assertThat(first.owner()).isEqualTo(PRIMARY_REGION);
        assertThat(dns.swaps).hasSize(1);
        assertThat(dns.swaps.get(0).changes().get(0).before()).as("the first one from absent").isNull();

        for (int i = 0; i < 5; i++) {
            p.clock.advance(Duration.ofSeconds(1));
            p.engine.tick(); // the engine ticks every second: not due
        }
        assertThat(dns.swaps).hasSize(1);
        p.rounds(5);
        assertThat(dns.swaps).as("one per heartbeat-interval").hasSize(6);
        Heartbeat last = Heartbeat.parse(dns.txt(HEARTBEAT)).orElseThrow();
        assertThat(last.epoch()).as("a refresh keeps the epoch").isEqualTo(first.epoch());
        assertThat(last.ts()).isGreaterThan(first.ts());
        assertThat(dns.writes).as("no record write").hasValue(0);
        assertThat(RegionWorlds.decision(p)).isEqualTo("healthy");
        assertThat(RegionWorlds.region(p)).containsEntry("role", "primary").containsEntry("fenced", false);
        assertThat(p.engine.region().heartbeatAgeSeconds()).isEqualTo(0.0);
    }

    @Test
    void aTakeOverItMissedIsAdoptedAndNothingIsWrittenUntilTheRecordIsHandedBack() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        EngineWorld p = RegionWorlds.primary(dns, Map.of());
        p.rounds(3);
        // The standby took over while this region was cut off: record and heartbeat moved in one swap.
        Heartbeat seen = Heartbeat.parse(dns.txt(HEARTBEAT)).orElseThrow();
        dns.records.put(RECORD + "/A", DnsRecord.simple(RECORD, "A", DR, 60));
        dns.txt(HEARTBEAT, seen.handedTo(STANDBY_REGION, p.clock.instant()).format());
        int swaps = dns.swaps.size();

        p.round();
        assertThat(p.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(RegionWorlds.decision(p)).isEqualTo("adopted");
        assertThat(p.coordinator.kinds()).contains("RegionAdopted");
        assertThat(dns.casLost).as("the refresh lost its compare-and-set").hasValue(1);

        p.set("redis", false); // even the policy firing writes nothing
        p.rounds(5);
        assertThat(dns.swaps).as("zero swaps for 5 intervals").hasSize(swaps);
        assertThat(dns.writes).as("zero writes").hasValue(0);
        assertThat(dns.answer(RECORD)).isEqualTo(DR);
        assertThat(Heartbeat.parse(dns.txt(HEARTBEAT)).orElseThrow().owner()).isEqualTo(STANDBY_REGION);
        assertThat(p.engine.view().get("state")).isEqualTo("failed_over");

        // The record moves under the owning standby (its own drift): not this region's to verify, nor to page about.
        dns.records.put(RECORD + "/A", DnsRecord.simple(RECORD, "A", PRIMARY, 60));
        for (int i = 0; i < 31; i++) {
            p.clock.advance(Duration.ofSeconds(1));
            p.engine.tick();
        }
        assertThat(p.coordinator.kinds()).as("no drift while another region owns the record").doesNotContain("DnsDrift");
        assertThat(dns.writes).hasValue(0);
        dns.records.put(RECORD + "/A", DnsRecord.simple(RECORD, "A", DR, 60));

        // A failback by the standby hands the record back: the primary resumes heartbeating, armed.
        p.recover("redis");
        dns.records.put(RECORD + "/A", DnsRecord.simple(RECORD, "A", PRIMARY, 60));
        Heartbeat handed = Heartbeat.parse(dns.txt(HEARTBEAT)).orElseThrow();
        dns.txt(HEARTBEAT, new Heartbeat(PRIMARY_REGION, handed.epoch() + 1, 0).format());
        p.rounds(2);
        assertThat(p.state()).isEqualTo(FailoverState.ARMED);
        assertThat(RegionWorlds.decision(p)).isEqualTo("healthy");
        assertThat(dns.swaps.size()).as("heartbeating again").isGreaterThan(swaps);
        assertThat(p.coordinator.kinds()).contains("RegionResumed");
    }

    @Test
    void aPrimaryAgentStartingAfterATakeOverAdoptsFailedOverAndWritesNothing() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        dns.records.put(RECORD + "/A", DnsRecord.simple(RECORD, "A", DR, 60));
        dns.txt(HEARTBEAT, "owner=" + STANDBY_REGION + ";epoch=2;ts=1735732800");
        EngineWorld p = RegionWorlds.primary(dns, Map.of());
        p.rounds(6);
        assertThat(p.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(RegionWorlds.decision(p)).isEqualTo("adopted");
        @SuppressWarnings("unchecked")
        Map<String, Object> hb = (Map<String, Object>) RegionWorlds.region(p).get("heartbeat");
        assertThat(hb).containsEntry("owner", STANDBY_REGION).containsEntry("epoch", 2L);
        assertThat(hb.get("age_seconds")).as("unchanged for 50 s as this agent saw it").isEqualTo(50.0);
        assertThat(dns.swaps).isEmpty();
        assertThat(dns.writes).hasValue(0);
        assertThat(dns.txt(HEARTBEAT)).isEqualTo("owner=" + STANDBY_REGION + ";epoch=2;ts=1735732800");
        // The standby paged its take-over; the primary coming back finds it in the zone: no incident, no page of its own.
        assertThat(p.alerts).as("pages of the returning primary").noneMatch(io.saasagent.alerting.Alert::firing);
        assertThat(p.coordinator.kinds()).contains("RegionAdopted").doesNotContain("Adopted");
    }

    @Test
    void aHolderThatCannotRefreshFencesItselfWritesNothingAndPagesOnce() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        EngineWorld p = RegionWorlds.primary(dns, Map.of());
        p.rounds(2);
        dns.failSwaps = new DnsException("connection refused", true); // the zone unreachable for the holder
        p.set("redis", false);
        p.rounds(8); // fence-after 30 s passed, and the policy fired meanwhile
        assertThat(p.engine.firingRules()).contains("health_check_failure");
        assertThat(dns.writes).as("a fenced primary writes nothing").hasValue(0);
        assertThat(dns.answer(RECORD)).isEqualTo(PRIMARY);
        assertThat(RegionWorlds.decision(p)).isEqualTo("fenced");
        assertThat(p.coordinator.kinds()).contains("FailoverRefusedRegion");
        assertThat(RegionWorlds.alerts(p, "region_fenced", true)).as("paged once").hasSize(1);
        assertThat(RegionWorlds.alerts(p, "region_fenced", true).get(0).severity()).isEqualTo("critical");

        dns.failSwaps = null;
        p.rounds(3);
        assertThat(RegionWorlds.alerts(p, "region_fenced", false)).as("resolved once").hasSize(1);
        assertThat(RegionWorlds.alerts(p, "region_fenced", true)).hasSize(1);
        assertThat(dns.answer(RECORD)).as("refreshing again, the policy's failover goes through").isEqualTo(DR);
    }
}
