package io.saasagent.failover;

import io.saasagent.failover.record.FailoverState;
import io.saasagent.health.AgentHealthChecks;
import io.saasagent.health.AgentHealthChecksAccess;
import io.saasagent.testing.Await;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static io.saasagent.failover.EngineWorld.DR;
import static io.saasagent.failover.EngineWorld.RECORD;
import static org.assertj.core.api.Assertions.assertThat;

/** Robust steps: an Error in a step is recorded, paged and repaired, and the engine goes on; a stalled engine fails liveness. */
@Timeout(20)
class EngineStepFaultTest {

    @Test
    void anErrorThrownInsideTheDnsWriteIsRecordedPagedRepairedAndTheEngineGoesOn() {
        EngineWorld w = new EngineWorld("active");
        w.dns.errorOnNextWrite = new StackOverflowError("injected into the write");
        w.primaryFailsFor(3);

        assertThat(w.coordinator.last("StepFailed").message()).contains("StackOverflowError").contains("injected into the write");
        assertThat(w.coordinator.last("StepFailed").evidence()).containsEntry("state", "failing_over").containsEntry("repaired_to", "fired");
        assertThat(w.alerts).anySatisfy(a -> {
            assertThat(a.dedupKey()).endsWith("/step_failed/agent-0");
            assertThat(a.firing()).isTrue();
            assertThat(a.severity()).isEqualTo("critical");
        });
        assertThat(w.state()).as("not left in failing_over").isNotEqualTo(FailoverState.FAILING_OVER);
        assertThat(w.engine.stepFailures()).as("saas_failover_step_failures_total").isEqualTo(1);

        w.rounds(2);
        assertThat(w.state()).as("the engine goes on: the next step writes").isEqualTo(FailoverState.FAILED_OVER);
        assertThat(w.dns.answer(RECORD)).isEqualTo(DR);
        assertThat(w.dns.writes).hasValue(1);
        assertThat(w.coordinator.kinds()).containsSubsequence("StepFailed", "DnsWritten");
        assertThat(w.alerts).filteredOn(a -> a.dedupKey().endsWith("/step_failed/agent-0")).last()
                .satisfies(a -> assertThat(a.firing()).as("resolved once steps complete again").isFalse());
        assertThat(w.engine.stalled()).isEmpty();
    }

    @Test
    void anEngineWhoseStepNeverReturnsFailsLivenessAfterThreeTicks() throws Exception {
        EngineWorld w = new EngineWorld("active");
        w.round();
        AgentHealthChecks checks = AgentHealthChecksAccess.withFailover(w.engine::stalled);
        assertThat(AgentHealthChecksAccess.engine(checks).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        CountDownLatch release = new CountDownLatch(1);
        w.coordinator.blockSteps = release;
        Thread ticking = new Thread(w.engine::tick, "blocked-tick");
        ticking.start();
        Await.until(Duration.ofSeconds(5), "the step is blocked", () -> ticking.getState() == Thread.State.TIMED_WAITING);

        w.clock.advance(Duration.ofSeconds(3));
        assertThat(w.engine.stalled()).as("3 ticks: not yet over").isEmpty();
        w.clock.advance(Duration.ofSeconds(2));
        HealthCheckResponse live = AgentHealthChecksAccess.engine(checks);
        assertThat(live.getStatus()).as("5 s without a completed step").isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(live.getData().orElseThrow().get("stalled").toString()).contains("no failover step completed for 5 s");

        w.coordinator.blockSteps = null;
        release.countDown();
        ticking.join(5000);
        assertThat(w.engine.stalled()).as("live again once a step completes").isEmpty();
    }

    /** A step waiting on a DNS write (Route 53 polled until INSYNC) is working: liveness must not restart the pod mid-failover. */
    @Test
    void aStepWaitingOnADnsWriteIsWorkingNotStalledUntilTheCallsBound() throws Exception {
        EngineWorld w = new EngineWorld("active");
        CountDownLatch release = new CountDownLatch(1);
        w.dns.blockWrites = release;
        w.round();
        w.set("redis", false);
        Thread failing = new Thread(() -> w.rounds(4), "failing-over");
        failing.start();
        Await.until(Duration.ofSeconds(10), "the DNS write is under way", () -> w.dns.blockedWrites.get() > 0);

        w.clock.advance(Duration.ofMinutes(2));
        assertThat(w.engine.stalled()).as("2 min into a DNS write: working, not stalled").isEmpty();
        w.clock.advance(io.saasagent.failover.incident.StepGuard.DNS_CALL_BOUND);
        assertThat(w.engine.stalled()).as("a DNS call past its bound is a stall").hasValueSatisfying(
                why -> assertThat(why).contains("a DNS call has run since"));

        release.countDown();
        failing.join(10_000);
        assertThat(w.dns.writes).as("one write").hasValue(1);
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(w.engine.stalled()).isEmpty();
    }

    /** A record left at failing_over (its writer gone mid-write) is a state nothing advances: the holder repairs it. */
    @Test
    void aRecordLeftAtFailingOverIsRepairedAndTheRecordAlreadyMovedIsNotWrittenAgain() throws Exception {
        io.saasagent.coordination.RecordStore store = io.saasagent.coordination.RecordStore.memory();
        store.write("{\"state\":\"failing_over\",\"incidents\":1,\"incident\":{\"id\":\"incident-1-1\",\"rule\":\"health_check_failure\","
                + "\"manual\":false,\"reason\":\"redis down\",\"fired_at\":\"2025-01-01T11:59:00Z\",\"dependencies\":[\"redis\"]}}", null);
        MemoryDnsProvider dns = new MemoryDnsProvider();
        dns.records.put(RECORD + "/A", io.saasagent.dns.DnsRecord.simple(RECORD, "A", DR, 60)); // the write had landed
        EngineWorld w = new EngineWorld("active", java.util.Map.of(), store, true, dns, "agent-1");
        w.set("redis", false);
        w.rounds(4);

        // The take-over reads DNS whatever the record says: the write had landed, so failed_over is adopted from DNS.
        assertThat(w.coordinator.kinds()).contains("Adopted");
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(dns.writes).as("found moved: nothing written again").hasValue(0);
    }

    /** A record that says fired without an incident (a hand edit, an older writer) is a state nothing advances either. */
    @Test
    void aRecordThatSaysFiredWithoutAnIncidentIsRepairedToArmedWithoutAFailedStep() throws Exception {
        io.saasagent.coordination.RecordStore store = io.saasagent.coordination.RecordStore.memory();
        store.write("{\"state\":\"fired\"}", null);
        EngineWorld w = new EngineWorld("active", java.util.Map.of(), store, true, new MemoryDnsProvider(), "agent-1");
        w.rounds(2);
        assertThat(w.state()).isEqualTo(FailoverState.ARMED);
        assertThat(w.coordinator.kinds()).doesNotContain("StepFailed");
        assertThat(w.engine.stepFailures()).isZero();
    }
}
