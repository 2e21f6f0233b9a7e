package io.saasagent.failover;

import io.saasagent.dns.RecordSwap;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.region.Heartbeat;
import io.saasagent.region.Witness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static io.saasagent.failover.EngineWorld.DR;
import static io.saasagent.failover.EngineWorld.PRIMARY;
import static io.saasagent.failover.EngineWorld.RECORD;
import static io.saasagent.failover.RegionWorlds.HEARTBEAT;
import static io.saasagent.failover.RegionWorlds.PRIMARY_REGION;
import static io.saasagent.failover.RegionWorlds.STANDBY_REGION;
import static org.assertj.core.api.Assertions.assertThat;

/** The standby region's holder: take-over only when the primary is gone, never on a partition; failback hands it back. */
@Timeout(20)
class RegionStandbyTest {
    private static final Map<String, String> WITNESS = Map.of("agent.region.witness", "route53-health-check",
            "agent.region.witness-health-check-id", "hc-primary");

    @Test
    void endpointDownAndHeartbeatStaleTakesOverWithOneSwapOfRecordAndHeartbeat() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        RegionWorlds.silentPrimary(dns);
        EngineWorld s = RegionWorlds.standby(dns, Map.of());
        s.set("primary-api", false);

        s.rounds(8);
        assertThat(dns.swaps).as("heartbeat unchanged 70 s of 90: waiting").isEmpty();
        assertThat(RegionWorlds.decision(s)).isEqualTo("waiting");
        assertThat(s.engine.view().get("state")).isEqualTo("armed");

        s.rounds(2);
        assertThat(dns.swaps).as("exactly one swap").hasSize(1);
        RecordSwap swap = dns.swaps.get(0);
        assertThat(swap.changes()).as("record and heartbeat together").hasSize(2);
        assertThat(dns.answer(RECORD)).isEqualTo(DR);
        Heartbeat hb = Heartbeat.parse(dns.txt(HEARTBEAT)).orElseThrow();
        assertThat(hb.owner()).isEqualTo(STANDBY_REGION);
        assertThat(hb.epoch()).isEqualTo(2);
        assertThat(s.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(RegionWorlds.decision(s)).isEqualTo("gone");
        assertThat(s.engine.region().takeovers("written")).isEqualTo(1);

        s.rounds(10);
        assertThat(dns.swaps).as("one take-over while the primary stays gone").hasSize(1);
        assertThat(dns.writes).as("no plain write").hasValue(0);
        Map<String, Object> incident = s.incident();
        assertThat(incident.get("rule")).isEqualTo("region_lost");
        assertThat(incident.get("detection_seconds")).as("first failed probe (round 1) to take-over (round 10)").isEqualTo(90.0);
        assertThat(incident.get("recovery_seconds")).as("the DR target answered at the take-over's step").isEqualTo(0.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> recovery = (Map<String, Object>) ((Map<String, Object>) incident.get("contracts")).get("api_recovery");
        assertThat(recovery.get("verdict")).isEqualTo("PASS");
        assertThat(RegionWorlds.alerts(s, "fired", true)).hasSize(1);
        assertThat(RegionWorlds.alerts(s, "written", true)).hasSize(1);
        assertThat(s.coordinator.last("RegionTakeOver").evidence()).containsKeys("heartbeat_age_seconds", "quorum", "endpoint_consecutive_failures", "witness");
    }

    @Test
    void aTakeOverThatLosesItsCompareAndSetStandsDownWithoutRetrying() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        RegionWorlds.silentPrimary(dns);
        EngineWorld s = RegionWorlds.standby(dns, Map.of());
        s.set("primary-api", false);
        // The primary refreshes between the standby's last read and its swap.
        dns.racingWriter = () -> dns.txt(HEARTBEAT, "owner=" + PRIMARY_REGION + ";epoch=1;ts=1735733000");
        s.rounds(10);
        assertThat(dns.casLost).hasValue(1);
        assertThat(dns.swaps).isEmpty();
        assertThat(s.state()).as("stood down").isEqualTo(FailoverState.ARMED);
        assertThat(s.engine.outcomeCount(io.saasagent.failover.policy.Outcome.CAS_LOST)).isEqualTo(1);
        assertThat(s.engine.region().takeovers("cas_lost")).isEqualTo(1);
        assertThat(s.coordinator.kinds()).contains("RegionCasLost");

        s.rounds(8);
        assertThat(dns.casLost).as("no retry storm: the heartbeat changed, takeover-after starts again").hasValue(1);
        assertThat(RegionWorlds.decision(s)).as("it changed after the endpoint went down: alive").isEqualTo("partition");
        s.rounds(2);
        assertThat(dns.swaps).as("the primary stayed silent since: taken over 90 s after the change it saw").hasSize(1);
    }

    @Test
    void endpointDownWhileTheHeartbeatKeepsChangingIsAPartitionNeverATakeOver() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        EngineWorld p = RegionWorlds.primary(dns, Map.of());
        EngineWorld s = RegionWorlds.standby(dns, Map.of());
        s.set("primary-api", false); // the standby cannot reach the primary; the primary is alive

        RegionWorlds.rounds(27, p, s); // 3 x takeover-after
        assertThat(dns.swaps).as("only the primary's heartbeat refreshes").allSatisfy(sw -> assertThat(sw.changes()).hasSize(1));
        assertThat(dns.answer(RECORD)).isEqualTo(PRIMARY);
        assertThat(s.state()).isEqualTo(FailoverState.ARMED);
        assertThat(RegionWorlds.decision(s)).isEqualTo("partition");
        assertThat(RegionWorlds.alerts(s, "primary_unreachable_from_standby", true)).as("opens once").hasSize(1);
        assertThat(RegionWorlds.alerts(s, "primary_unreachable_from_standby", true).get(0).severity()).isEqualTo("warning");
        assertThat(RegionWorlds.region(s).get("reasons").toString()).contains("primary is alive");

        heal(s, p);
        assertThat(RegionWorlds.decision(s)).isEqualTo("healthy");
        assertThat(RegionWorlds.alerts(s, "primary_unreachable_from_standby", false)).as("resolves once").hasSize(1);
        assertThat(RegionWorlds.alerts(s, "primary_unreachable_from_standby", true)).hasSize(1);
    }

    /** The path to the primary heals: rounds until the standby's probe of it is up again (breaker, success-threshold). */
    private static void heal(EngineWorld s, EngineWorld p) {
        s.set("primary-api", true);
        for (int i = 0; i < 30 && !s.snapshot("primary-api").up(); i++) {
            RegionWorlds.rounds(1, p, s);
        }
        RegionWorlds.rounds(1, p, s);
    }

    private static EngineWorld withWitness(MemoryDnsProvider dns, Witness w) {
        RegionWorlds.silentPrimary(dns);
        EngineWorld s = RegionWorlds.standby(dns, WITNESS);
        s.engine.region().witness(w);
        s.set("primary-api", false);
        s.rounds(15);
        return s;
    }

    @Test
    void aWitnessAt12Point5PercentHealthyAgreesAndTheTakeOverGoesThrough() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        EngineWorld s = withWitness(dns, () -> new Witness.Reading(2, 16, "eu, us, ap checkers"));
        assertThat(dns.swaps).hasSize(1);
        assertThat(s.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(s.coordinator.last("RegionTakeOver").evidence().get("witness").toString()).contains("2 of 16");
    }

    @Test
    void aWitnessAt18Point75PercentHealthyRefusesTheTakeOver() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        EngineWorld s = withWitness(dns, () -> new Witness.Reading(3, 16, null));
        assertThat(dns.swaps).isEmpty();
        assertThat(s.state()).isEqualTo(FailoverState.ARMED);
        assertThat(RegionWorlds.decision(s)).isEqualTo("blocked");
        assertThat(RegionWorlds.region(s).get("reasons").toString()).contains("the witness sees the primary up");
    }

    @Test
    void aWitnessThatCannotBeReadRefusesTheTakeOverAndAlerts() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        EngineWorld s = withWitness(dns, () -> {
            throw new IllegalStateException("AccessDenied: route53:GetHealthCheckStatus");
        });
        assertThat(dns.swaps).as("fail closed").isEmpty();
        assertThat(dns.answer(RECORD)).isEqualTo(PRIMARY);
        assertThat(RegionWorlds.decision(s)).isEqualTo("blocked");
        assertThat(RegionWorlds.alerts(s, "region_witness_unreadable", true)).hasSize(1);
        assertThat(RegionWorlds.alerts(s, "region_witness_unreadable", true).get(0).severity()).isEqualTo("warning");
    }

    @Test
    void aStandbyWhoseOwnCriticalDependencyIsDownNeverTakesOver() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        RegionWorlds.silentPrimary(dns);
        EngineWorld s = RegionWorlds.standby(dns, Map.of());
        s.set("primary-api", false);
        s.set("redis", false);
        s.rounds(30);
        assertThat(dns.swaps).isEmpty();
        assertThat(dns.writes).as("its own rule firing writes nothing either: the record is the primary's").hasValue(0);
        assertThat(dns.answer(RECORD)).isEqualTo(PRIMARY);
        assertThat(RegionWorlds.decision(s)).isEqualTo("blocked");
        assertThat(RegionWorlds.region(s).get("reasons").toString()).contains("own critical dependency redis");
        assertThat(s.engine.region().takeovers("written")).isZero();
    }

    @Test
    void noHeartbeatInTheZoneIsNothingToTakeOverFrom() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        EngineWorld s = RegionWorlds.standby(dns, Map.of());
        s.set("primary-api", false);
        s.rounds(20);
        assertThat(dns.swaps).isEmpty();
        assertThat(RegionWorlds.decision(s)).isEqualTo("unknown");
        dns.txt(HEARTBEAT, "hello");
        s.rounds(20);
        assertThat(dns.swaps).as("a value that is no heartbeat is not 'no heartbeat' either").isEmpty();
        assertThat(RegionWorlds.region(s).get("reasons").toString()).contains("holds no heartbeat");
        @SuppressWarnings("unchecked")
        Map<String, Object> hb = (Map<String, Object>) RegionWorlds.region(s).get("heartbeat");
        assertThat(hb).containsEntry("value", "hello").containsEntry("owner", null);
    }

    @Test
    void theStandbysProbeOfThePrimaryNeverFeedsItsOwnFailoverRules() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        EngineWorld s = RegionWorlds.standby(dns, Map.of("agent.dependencies.primary-api.failover", "true"));
        s.set("primary-api", false);
        s.rounds(5);
        assertThat(s.engine.firingRules()).doesNotContain("health_check_failure");
        assertThat(s.coordinator.verdicts).last().satisfies(v -> {
            assertThat(v.failures()).isEmpty();
            assertThat(v.downDependencies()).as("a vote for the take-over's quorum only").containsExactly("primary-api");
        });
    }

    @Test
    void failbackFromAPrimaryPodIsOneSwapBackAndTheStandbyAdoptsArmed() {
        MemoryDnsProvider dns = new MemoryDnsProvider();
        EngineWorld p = RegionWorlds.primary(dns, Map.of());
        EngineWorld s = RegionWorlds.standby(dns, Map.of());
        RegionWorlds.rounds(3, p, s);
        s.set("primary-api", false);
        for (int i = 0; i < 15; i++) { // the primary region is cut off: it neither refreshes nor is reachable
            p.clock.advance(EngineWorld.INTERVAL);
            s.round();
        }
        assertThat(s.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(dns.answer(RECORD)).isEqualTo(DR);

        p.round(); // back: its refresh loses to the take-over
        assertThat(p.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(RegionWorlds.decision(p)).isEqualTo("adopted");
        heal(s, p);

        int before = dns.swaps.size();
        assertThat(p.engine.control("failback", "ops@primary").accepted()).isTrue();
        assertThat(dns.swaps).as("one swap back").hasSize(before + 1);
        RecordSwap back = dns.swaps.get(before);
        assertThat(back.changes()).hasSize(2);
        assertThat(dns.answer(RECORD)).isEqualTo(PRIMARY);
        Heartbeat hb = Heartbeat.parse(dns.txt(HEARTBEAT)).orElseThrow();
        assertThat(hb.owner()).isEqualTo(PRIMARY_REGION);
        assertThat(hb.epoch()).as("take-over n+1, failback n+2").isEqualTo(3);
        assertThat(p.state()).isEqualTo(FailoverState.ARMED);

        RegionWorlds.rounds(2, p, s);
        assertThat(s.state()).as("the standby adopts what the zone shows").isEqualTo(FailoverState.ARMED);
        assertThat(RegionWorlds.decision(s)).isEqualTo("healthy");
        assertThat(RegionWorlds.decision(p)).isEqualTo("healthy");
        assertThat(Heartbeat.parse(dns.txt(HEARTBEAT)).orElseThrow().ts()).as("the primary heartbeats again").isGreaterThan(hb.ts());
        assertThat(dns.writes).as("nothing but swaps").hasValue(0);
        assertThat(s.coordinator.count("RegionTakeOver")).isEqualTo(1);
        assertThat(List.of(dns.casLost.get())).containsExactly(1);
    }
}
