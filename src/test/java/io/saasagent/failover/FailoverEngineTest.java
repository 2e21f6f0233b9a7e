package io.saasagent.failover;

import io.saasagent.failover.control.ControlAnswer;
import io.saasagent.failover.policy.Outcome;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.alerting.Alert;
import io.saasagent.coordination.Decision;
import io.saasagent.dns.DnsException;
import io.saasagent.dns.DnsRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.saasagent.failover.EngineWorld.DR;
import static io.saasagent.failover.EngineWorld.PRIMARY;
import static io.saasagent.failover.EngineWorld.RECORD;
import static org.assertj.core.api.Assertions.assertThat;

/** The engine with real dependency states on a clock the test moves: rules, guards, modes, failback. */
@Timeout(10)
class FailoverEngineTest {

    @Test
    void firesOnExactlyTheThresholdAndWritesOnceWhileTheFaultPersists() {
        EngineWorld w = new EngineWorld("active");
        w.rounds(2);
        w.set("redis", false);

        w.round();
        w.round();
        assertThat(w.state()).as("2 failures: below the threshold").isEqualTo(FailoverState.ARMED);
        assertThat(w.dns.writes).hasValue(0);

        w.round();
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(w.dns.answer(RECORD)).isEqualTo(DR);
        assertThat(w.dns.writes).hasValue(1);
        assertThat(w.coordinator.last("FailoverFired").message()).contains("redis: circuit_open after 3 consecutive failures");
        assertThat(w.coordinator.kinds()).containsSubsequence("FailoverFired", "DnsWritten", "DrHealthy");

        w.rounds(20);
        assertThat(w.dns.writes).as("one write while the fault persists").hasValue(1);
        assertThat(w.coordinator.count("DnsWritten")).isEqualTo(1);
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);

        Map<String, Object> incident = w.incident();
        assertThat(incident.get("detection_seconds")).as("first failure at round 3, fired at round 5").isEqualTo(20.0);
        assertThat(incident.get("recovery_seconds")).isEqualTo(0.0);
        assertThat(incident.get("dns_submitted")).isNotNull();
        assertThat(incident.get("dns_verified")).isNotNull();
        assertThat(w.engine.detectionSeconds()).isEqualTo(20.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> recovery = (Map<String, Object>) ((Map<String, Object>) incident.get("contracts")).get("api_recovery");
        assertThat(recovery.get("verdict")).isEqualTo("PASS");
        assertThat(w.engine.outcomeCount(Outcome.WRITTEN)).isEqualTo(1);
        assertThat(w.coordinator.verdicts).last().satisfies(v -> {
            assertThat(v.failures()).containsExactly("health_check_failure");
            assertThat(v.downDependencies()).containsExactly("redis");
        });
    }

    @Test
    void aFlappingDependencyNeverFiresTheFailoverRule() {
        EngineWorld w = new EngineWorld("active");
        for (int i = 0; i < 10; i++) {
            w.set("redis", false);
            w.rounds(2);
            w.set("redis", true);
            w.round();
            assertThat(w.state()).isEqualTo(FailoverState.ARMED);
        }
        assertThat(w.dns.writes).hasValue(0);
        assertThat(w.coordinator.kinds()).doesNotContain("FailoverFired");
        assertThat(w.engine.firingRules()).as("the error rate alert sees the flapping, the failover rule does not")
                .contains("error_rate_spike").doesNotContain("health_check_failure");
        assertThat(w.coordinator.verdicts).allSatisfy(v -> assertThat(v.failures()).isEmpty());
    }

    @Test
    void noWriteWhileTheDrTargetIsUnhealthyAndOneRecordOfIt() {
        EngineWorld w = new EngineWorld("active");
        w.round();
        w.set("dr-api", false);
        w.set("redis", false);
        w.rounds(8);
        assertThat(w.state()).isEqualTo(FailoverState.FIRED);
        assertThat(w.dns.writes).hasValue(0);
        assertThat(w.coordinator.count("FailoverRefusedDrUnhealthy")).as("recorded once, not every retry").isEqualTo(1);
        assertThat(w.coordinator.last("FailoverRefusedDrUnhealthy").message()).contains("DR target dr-api is");
        assertThat(w.engine.outcomeCount(Outcome.REFUSED_DR_UNHEALTHY)).isEqualTo(1);

        w.recover("dr-api");
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(w.dns.writes).hasValue(1);
    }

    @Test
    void noWriteWithinTheCooldown() {
        EngineWorld w = new EngineWorld("active", Map.of("agent.failover.cooldown", "15m"));
        w.primaryFailsFor(3);
        assertThat(w.dns.writes).hasValue(1);
        w.recover("redis");
        assertThat(w.engine.control("failback", "test").accepted()).isTrue();
        assertThat(w.state()).isEqualTo(FailoverState.ARMED);
        assertThat(w.dns.answer(RECORD)).isEqualTo(PRIMARY);
        assertThat(w.dns.writes).hasValue(2);

        w.set("redis", false);
        w.rounds(3);
        assertThat(w.state()).isEqualTo(FailoverState.FIRED);
        assertThat(w.coordinator.last("FailoverRefusedCooldown").message()).contains("cooldown 900 s");
        w.rounds(20);
        assertThat(w.dns.writes).as("no write within the cooldown").hasValue(2);

        w.clock.advance(Duration.ofMinutes(15));
        w.engine.tick();
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(w.dns.writes).hasValue(3);
    }

    @Test
    void dryRunRecordsWhatWouldChangeAndWritesNothing() {
        EngineWorld w = new EngineWorld("dry-run");
        w.primaryFailsFor(6);
        assertThat(w.state()).isEqualTo(FailoverState.FIRED);
        assertThat(w.dns.writes).hasValue(0);
        Decision dryRun = w.coordinator.last("DryRun");
        assertThat(dryRun.evidence()).containsEntry("from", PRIMARY).containsEntry("to", DR);
        assertThat(w.coordinator.count("DryRun")).isEqualTo(1);
        assertThat(w.alerts).anySatisfy(a -> assertThat(a.summary()).startsWith("failover policy fired (dry-run)"));
        assertThat(w.engine.endpointHealthy()).isTrue();

        w.recover("redis");
        w.rounds(2); // clear for its success threshold since the rule resolved
        assertThat(w.state()).as("nothing moved, so nothing to fail back").isEqualTo(FailoverState.ARMED);
    }

    @Test
    void passiveTurnsTheEndpoint503AndWritesNothingUntilFailbackByHand() {
        EngineWorld w = new EngineWorld("passive");
        w.round();
        assertThat(w.engine.endpointHealthy()).isTrue();
        w.set("redis", false);
        w.rounds(3);
        assertThat(w.engine.endpointHealthy()).isFalse();
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(w.coordinator.kinds()).contains("PassiveSignalled");
        assertThat(w.dns.writes).hasValue(0);

        w.recover("redis");
        assertThat(w.engine.endpointHealthy()).as("failback is by hand").isFalse();
        assertThat(w.engine.control("failback", "test").accepted()).isTrue();
        assertThat(w.engine.endpointHealthy()).isTrue();
        assertThat(w.state()).isEqualTo(FailoverState.ARMED);
        assertThat(w.dns.writes).hasValue(0);
    }

    @Test
    void onlyTheLeaderWritesAndOnlyWithAQuorum() {
        EngineWorld w = new EngineWorld("active");
        w.coordinator.leader = false;
        w.primaryFailsFor(4);
        assertThat(w.state()).as("a follower's rule firing opens no incident: the fleet state is the holder's").isEqualTo(FailoverState.ARMED);
        assertThat(w.coordinator.kinds()).doesNotContain("FailoverFired");
        assertThat(w.coordinator.quorumCalls).as("a follower does not ask for the quorum").isZero();
        assertThat(w.coordinator.verdicts).last().satisfies(v -> assertThat(v.failures()).containsExactly("health_check_failure"));

        w.coordinator.leader = true;
        w.coordinator.quorum = false;
        w.rounds(2);
        assertThat(w.coordinator.last("FailoverRefusedNoQuorum").message()).contains("1 of 5 agents agree");
        assertThat(w.dns.writes).hasValue(0);

        w.coordinator.quorum = true;
        w.round();
        assertThat(w.dns.writes).hasValue(1);
    }

    @Test
    void aLeaderThatLosesTheLeaseRightBeforeTheWriteStops() {
        EngineWorld w = new EngineWorld("active");
        w.primaryFailsFor(2);
        w.coordinator.leaderScript.add(true);  // the guard
        w.coordinator.leaderScript.add(false); // the fence, right before the write
        w.round();
        assertThat(w.state()).isEqualTo(FailoverState.FIRED);
        assertThat(w.dns.writes).hasValue(0);
        assertThat(w.coordinator.last("FailoverRefusedNoLease").message()).contains("does not hold the lease");
        assertThat(w.dns.answer(RECORD)).isEqualTo(PRIMARY);

        w.round();
        assertThat(w.dns.writes).hasValue(1);
    }

    @Test
    void aNewHolderAdoptsARecordAlreadyOnTheDrTargetAndDoesNotWriteAgain() {
        EngineWorld w = new EngineWorld("active");
        w.dns.records.put(RECORD + "/A", DnsRecord.simple(RECORD, "A", DR, 60)); // another leader already wrote it
        w.round();
        assertThat(w.state()).as("adopted from what DNS answers").isEqualTo(FailoverState.FAILED_OVER);
        assertThat(w.coordinator.decisions).filteredOn(d -> d.kind().equals("Adopted")).extracting(Decision::message)
                .anySatisfy(m -> assertThat(m).contains("answers the DR target"));
        w.primaryFailsFor(5);
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(w.dns.writes).hasValue(0);
        assertThat(w.coordinator.kinds()).doesNotContain("DnsWritten");
    }

    @Test
    void aBusyWriteIsRetriedWithTheOnePolicyAndAFailedOneAtTheVerifyInterval() {
        EngineWorld w = new EngineWorld("active");
        w.round();
        w.dns.failNextWrite = new DnsException("throttled", true);
        w.set("redis", false);
        w.rounds(3);
        assertThat(w.state()).as("retried at once by the actuator").isEqualTo(FailoverState.FAILED_OVER);
        assertThat(w.pauses).containsExactly(Duration.ofSeconds(1));
        assertThat(w.dns.writes).hasValue(1);

        EngineWorld v = new EngineWorld("active");
        v.round();
        v.dns.failNextWrite = new DnsException("access denied", false);
        v.set("redis", false);
        v.rounds(3);
        assertThat(v.state()).isEqualTo(FailoverState.FIRED);
        assertThat(v.pauses).as("not retryable: no pause").isEmpty();
        assertThat(v.coordinator.last("DnsWriteFailed").message()).contains("access denied").contains("tried again in 30 s");
        v.rounds(2);
        assertThat(v.state()).as("the verify interval's fixed pace, no backoff of its own").isEqualTo(FailoverState.FIRED);
        v.rounds(2);
        assertThat(v.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(v.dns.writes).hasValue(1);
    }

    @Test
    void gradualFailbackHoldsEachStepWhileThePrimaryStaysHealthy() {
        EngineWorld w = new EngineWorld("active", Map.of("agent.failover.failback.hold", "15m"));
        w.dns.weights = true;
        w.primaryFailsFor(3);
        w.recover("redis");

        assertThat(w.engine.control("failback", "test").accepted()).isTrue();
        assertThat(w.state()).isEqualTo(FailoverState.FAILING_BACK);
        assertThat(w.dns.weightWrites).containsExactly(10);
        w.rounds(80); // 13 min 20 s: still holding
        assertThat(w.dns.weightWrites).containsExactly(10);
        w.rounds(10);
        assertThat(w.dns.weightWrites).containsExactly(10, 50);
        w.rounds(90);
        assertThat(w.dns.weightWrites).containsExactly(10, 50, 100);
        assertThat(w.state()).isEqualTo(FailoverState.ARMED);
        assertThat(w.coordinator.kinds()).containsSubsequence("FailbackStarted", "FailbackStep", "FailbackStep", "FailbackStep",
                "FailbackCompleted");
    }

    @Test
    void gradualFailbackIsAbortedBackToDrWhenThePrimaryFails() {
        EngineWorld w = new EngineWorld("active");
        w.dns.weights = true;
        w.primaryFailsFor(3);
        w.recover("redis");
        assertThat(w.engine.control("failback", "test").accepted()).isTrue();
        w.set("redis", false);
        w.rounds(3);
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(w.dns.weightWrites).containsExactly(10, 0);
        assertThat(w.coordinator.last("FailbackAborted").message()).contains("redis down");
        assertThat(w.coordinator.last("DnsWrittenBack").message()).contains("all traffic back on the DR target");
    }

    @Test
    void failbackIsRefusedWhileThePrimaryIsDown() {
        EngineWorld w = new EngineWorld("active");
        w.primaryFailsFor(3);
        ControlAnswer answer = w.engine.control("failback", "test");
        assertThat(answer.accepted()).isFalse();
        assertThat(answer.message()).contains("redis");
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
    }

    @Test
    void manualTriggerSkipsQuorumAndCooldownButNeedsTheDrTarget() {
        EngineWorld w = new EngineWorld("active");
        w.coordinator.quorum = false;
        w.set("dr-api", false);
        w.rounds(3);
        ControlAnswer requested = w.engine.control("trigger", "ops");
        assertThat(requested.accepted()).as("accepted, then held by the DR guard").isTrue();
        assertThat(w.state()).isEqualTo(FailoverState.FIRED);
        assertThat(w.coordinator.kinds()).contains("FailoverRefusedDrUnhealthy");
        assertThat(w.dns.writes).hasValue(0);

        w.recover("dr-api");
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(w.dns.writes).hasValue(1);
        assertThat(w.incident()).containsEntry("manual", true).containsEntry("detection_seconds", null);
    }

    @Test
    void disarmedRulesStillAlertButNothingMovesUntilArmed() {
        EngineWorld w = new EngineWorld("active");
        w.round();
        assertThat(w.engine.control("disarm", "ops").accepted()).isTrue();
        w.set("redis", false);
        w.rounds(4);
        assertThat(w.state()).isEqualTo(FailoverState.DISARMED);
        assertThat(w.engine.firingRules()).contains("health_check_failure");
        assertThat(w.dns.writes).hasValue(0);
        assertThat(w.engine.control("trigger", "ops").accepted()).isFalse();

        assertThat(w.engine.control("arm", "ops").accepted()).isTrue();
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(w.dns.writes).hasValue(1);
        assertThat(w.engine.control("disarm", "ops").accepted()).as("disarm works from every state (issue 15)").isTrue();
        assertThat(w.state()).isEqualTo(FailoverState.DISARMED);
        assertThat(w.dns.answer(RECORD)).as("nothing moves").isEqualTo(DR);
    }

    @Test
    void alertRulesPageUnderTheirOwnKeyAndAFailoverRuleThroughItsIncident() {
        EngineWorld w = new EngineWorld("dry-run");
        w.primaryFailsFor(3);
        List<Alert> spike = w.alerts.stream().filter(a -> a.dedupKey().equals("saas-agent/rule/error_rate_spike/agent-0")).toList();
        assertThat(spike).extracting(Alert::firing).containsExactly(true);
        assertThat(w.alerts).noneSatisfy(a -> assertThat(a.dedupKey()).startsWith("saas-agent/rule/health_check_failure"));
        assertThat(w.alerts).filteredOn(a -> a.dedupKey().endsWith("/fired")).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo("critical");
            assertThat(a.evidence()).containsEntry("dependencies", List.of("redis"));
        });
    }

    @Test
    void everyTransitionIsInTheTimeline() {
        EngineWorld w = new EngineWorld("active");
        w.primaryFailsFor(3);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> timeline = (List<Map<String, Object>>) w.incident().get("timeline");
        assertThat(timeline).filteredOn(e -> "Transition".equals(e.get("event"))).extracting(e -> e.get("message").toString())
                .anySatisfy(m -> assertThat(m).startsWith("armed -> fired"))
                .anySatisfy(m -> assertThat(m).startsWith("fired -> failing_over"))
                .anySatisfy(m -> assertThat(m).startsWith("failing_over -> failed_over"));
    }
}
