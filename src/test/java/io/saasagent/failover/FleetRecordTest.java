package io.saasagent.failover;

import io.saasagent.failover.control.ControlAnswer;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.coordination.FileRecordStore;
import io.saasagent.coordination.RecordStore;
import io.saasagent.dns.DnsRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.saasagent.failover.EngineWorld.DR;
import static io.saasagent.failover.EngineWorld.PRIMARY;
import static io.saasagent.failover.EngineWorld.RECORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet's record between agents that share it (one store, one DNS): controls sent to any agent,
 * requests that expire, restarts and hand-overs that keep the fleet's state. Each world is one agent
 * with its own dependency states and clock; the test keeps the clocks together.
 */
@Timeout(20)
class FleetRecordTest {
    private final RecordStore store = RecordStore.memory();
    private final MemoryDnsProvider dns = new MemoryDnsProvider();

    private EngineWorld agent(String mode, String name, boolean holder) {
        return agent(mode, name, holder, Map.of());
    }

    private EngineWorld agent(String mode, String name, boolean holder, Map<String, String> extra) {
        return new EngineWorld(mode, extra, store, holder, dns, name);
    }

    private static void rounds(int n, EngineWorld... agents) {
        for (int i = 0; i < n; i++) {
            for (EngineWorld a : agents) {
                a.round();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> pending(EngineWorld w) {
        return (List<Map<String, Object>>) w.engine.view().get("pending_requests");
    }

    @Test
    void aTriggerSentToAFollowerIsQueuedAndCarriedOutOnceByTheHolder() {
        EngineWorld holder = agent("active", "agent-0", true);
        EngineWorld follower = agent("active", "agent-1", false);
        rounds(1, holder, follower);

        ControlAnswer answer = follower.engine.control("trigger", "ops");
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.requestId()).startsWith("req-");
        assertThat(answer.holder()).isEqualTo("agent-holder");
        assertThat(dns.writes).hasValue(0);
        follower.round();
        assertThat(pending(follower)).as("/failover lists the pending request").singleElement()
                .satisfies(q -> assertThat(q).containsEntry("action", "trigger").containsEntry("via", "agent-1"));

        holder.round();
        assertThat(holder.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(dns.answer(RECORD)).isEqualTo(DR);
        assertThat(holder.coordinator.last("RequestCarriedOut").message()).contains(answer.requestId());
        rounds(5, holder, follower);
        assertThat(dns.writes).as("carried out once").hasValue(1);
        assertThat(holder.coordinator.count("RequestCarriedOut")).isEqualTo(1);
        assertThat(follower.state()).as("the follower answers the fleet's state").isEqualTo(FailoverState.FAILED_OVER);
        assertThat(pending(follower)).isEmpty();
    }

    @Test
    void anExpiredTriggerIsNeverCarriedOutByTheFollowerThatBecomesHolderHoursLater() {
        EngineWorld holder = agent("active", "agent-0", true);
        EngineWorld follower = agent("active", "agent-1", false);
        rounds(1, holder, follower);
        assertThat(follower.engine.control("trigger", "ops").status()).isEqualTo(202);
        // The holder is killed before it reads the request; hours later the follower takes the lease.
        follower.clock.advance(Duration.ofHours(3));
        follower.coordinator.leader = true;
        rounds(10, follower);

        assertThat(dns.writes).hasValue(0);
        assertThat(follower.state()).isEqualTo(FailoverState.ARMED);
        assertThat(follower.coordinator.last("RequestExpired").message()).contains("trigger").contains("not carried out");
        assertThat(pending(follower)).isEmpty();
        EngineWorld later = agent("active", "agent-2", true);
        rounds(5, later);
        assertThat(dns.writes).as("never replayed by anyone").hasValue(0);
    }

    @Test
    void aDisarmSentToAFollowerHoldsWhenRedisDiesAndAcrossRestarts() {
        EngineWorld holder = agent("active", "agent-0", true);
        EngineWorld follower = agent("active", "agent-1", false);
        rounds(1, holder, follower);
        assertThat(follower.engine.control("disarm", "ops").status()).isEqualTo(202);
        rounds(1, holder, follower);
        assertThat(holder.state()).isEqualTo(FailoverState.DISARMED);

        holder.set("redis", false);
        follower.set("redis", false);
        rounds(5, holder, follower);
        assertThat(dns.writes).hasValue(0);
        assertThat(follower.state()).isEqualTo(FailoverState.DISARMED);

        // Every agent restarted: the record says disarmed, by whom.
        EngineWorld again = agent("active", "agent-3", true);
        EngineWorld other = agent("active", "agent-4", false);
        assertThat(again.state()).isEqualTo(FailoverState.DISARMED);
        assertThat(other.state()).isEqualTo(FailoverState.DISARMED);
        again.set("redis", false);
        rounds(5, again, other);
        assertThat(dns.writes).hasValue(0);
        assertThat(again.engine.view().get("disarmed").toString()).contains("ops via agent-1");
        assertThat(again.engine.control("arm", "ops").status()).isEqualTo(200);
        assertThat(again.state()).as("armed again, the outage carries out").isEqualTo(FailoverState.FAILED_OVER);
    }

    private static final Map<String, String> HOLD = Map.of("agent.failover.failback.hold", "15m");

    /** A holder failed over, failed back to 10 %, then to 50 %, and now holds there. */
    private EngineWorld holdingAtFifty() {
        dns.weights = true;
        EngineWorld first = agent("active", "agent-0", true, HOLD);
        first.primaryFailsFor(3);
        first.recover("redis");
        assertThat(first.engine.control("failback", "ops").status()).isEqualTo(200);
        first.rounds(91);
        assertThat(dns.weightWrites).containsExactly(10, 50);
        return first;
    }

    @Test
    void aHolderKilledDuringTheHalfwayHoldIsFollowedByOneThatResumesAtFiftyPercent() {
        Map<String, String> hold = HOLD;
        EngineWorld first = holdingAtFifty();

        EngineWorld next = agent("active", "agent-1", true, hold); // the first one is gone
        next.clock.set(first.clock.instant());
        next.round();
        assertThat(next.state()).isEqualTo(FailoverState.FAILING_BACK);
        assertThat(next.coordinator.last("Adopted").message()).contains("resuming failback at step 2/3 (50% on the primary)");
        next.rounds(90);
        assertThat(dns.weightWrites).as("resumed from 50 %, nothing rewritten").containsExactly(10, 50, 100);
        assertThat(next.state()).isEqualTo(FailoverState.ARMED);
    }

    @Test
    void aNewHolderWithoutTheRecordAdoptsAWeightedSplitAsFailingBackAtThatStep() {
        Map<String, String> hold = HOLD;
        EngineWorld first = holdingAtFifty();

        // The record is lost (a new namespace, a deleted ConfigMap): DNS alone says where the fleet is.
        EngineWorld next = new EngineWorld("active", hold, RecordStore.memory(), true, dns, "agent-1");
        next.clock.set(first.clock.instant());
        next.round();
        assertThat(next.state()).isEqualTo(FailoverState.FAILING_BACK);
        assertThat(next.coordinator.decisions).filteredOn(d -> d.kind().equals("Adopted")).extracting(d -> d.message())
                .anySatisfy(m -> assertThat(m).contains("splits 50% to the primary: failing_back at step 2/3"));
        next.rounds(91);
        assertThat(dns.weightWrites).containsExactly(10, 50, 100);
        assertThat(next.state()).isEqualTo(FailoverState.ARMED);
    }

    @Test
    void passiveStays503AcrossRestartsAndOneAgentsBrokenLinkNeverShowsIt() {
        EngineWorld holder = agent("passive", "agent-0", true);
        EngineWorld follower = agent("passive", "agent-1", false);
        rounds(1, holder, follower);
        follower.set("redis", false); // only this agent's link to Redis is broken
        rounds(6, holder, follower);
        assertThat(follower.engine.endpointHealthy()).as("one pod's broken network").isTrue();
        assertThat(holder.engine.endpointHealthy()).isTrue();

        holder.set("redis", false);
        rounds(4, holder, follower);
        assertThat(holder.engine.endpointHealthy()).isFalse();
        assertThat(follower.engine.endpointHealthy()).isFalse();

        // Every agent restarted while the primary is still down: 503 from the first answer on.
        EngineWorld again = agent("passive", "agent-2", true);
        EngineWorld other = agent("passive", "agent-3", false);
        assertThat(again.engine.endpointHealthy()).isFalse();
        assertThat(other.engine.endpointHealthy()).isFalse();
        again.set("redis", false);
        rounds(3, again, other);
        assertThat(again.engine.endpointHealthy()).isFalse();
        assertThat(other.engine.endpointHealthy()).isFalse();
    }

    @Test
    void aRecordSetBackByHandIsDriftAlertedAndRewrittenWithinTwoVerifyIntervals() {
        EngineWorld w = agent("active", "agent-0", true);
        w.primaryFailsFor(3);
        assertThat(dns.answer(RECORD)).isEqualTo(DR);
        dns.records.put(RECORD + "/A", DnsRecord.simple(RECORD, "A", PRIMARY, 60)); // a hand edit, external-dns, a stale writer
        w.rounds(6); // two verify intervals of 30 s
        assertThat(w.coordinator.last("DnsDrift").message()).contains("answers " + PRIMARY + " while the fleet is failed_over");
        assertThat(w.alerts).filteredOn(a -> a.dedupKey().endsWith("/drift") && a.firing()).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo("critical"));
        assertThat(w.alerts).filteredOn(a -> a.dedupKey().endsWith("/drift")).last()
                .satisfies(a -> assertThat(a.firing()).as("resolved once the record answers DR again").isFalse());
        assertThat(dns.answer(RECORD)).isEqualTo(DR);
        assertThat(w.coordinator.kinds()).contains("DnsRewritten");
    }

    @Test
    void oneIncidentPagesFiredWrittenAndDrHealthyFromTheHolderOnly() {
        EngineWorld holder = agent("active", "agent-0", true);
        EngineWorld follower = agent("active", "agent-1", false);
        rounds(1, holder, follower);
        holder.set("redis", false);
        follower.set("redis", false);
        rounds(5, holder, follower);
        assertThat(holder.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(holder.alerts).filteredOn(a -> a.dedupKey().startsWith("saas-agent/failover/"))
                .extracting(a -> a.evidence().get("event")).containsExactly("fired", "written", "dr_healthy");
        assertThat(holder.alerts).filteredOn(a -> a.dedupKey().startsWith("saas-agent/failover/"))
                .extracting(a -> a.dedupKey()).doesNotHaveDuplicates();

        follower.recover("redis");
        assertThat(follower.alerts).as("a follower sends no fleet event")
                .noneSatisfy(a -> assertThat(a.dedupKey()).startsWith("saas-agent/failover/"));
        assertThat(follower.alerts).filteredOn(a -> !a.firing()).as("and resolves only keys it opened itself")
                .allSatisfy(a -> assertThat(a.dedupKey()).endsWith("/agent-1"));
        assertThat(holder.alerts).noneSatisfy(a -> assertThat(a.dedupKey()).endsWith("/agent-1"));
    }

    @Test
    void singleModeWithAStateFileKeepsFailedOverCooldownAndDisarmAcrossRestarts(@TempDir Path dir) {
        RecordStore file = new FileRecordStore(dir.resolve("failover-state.json"));
        EngineWorld w = new EngineWorld("active", Map.of(), file, true, dns, "local");
        w.primaryFailsFor(3);
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);

        EngineWorld restarted = new EngineWorld("active", Map.of(), file, true, dns, "local");
        restarted.clock.set(w.clock.instant());
        assertThat(restarted.state()).isEqualTo(FailoverState.FAILED_OVER);
        restarted.round();
        assertThat(restarted.engine.control("failback", "ops").status()).isEqualTo(200);
        assertThat(dns.answer(RECORD)).isEqualTo(PRIMARY);

        EngineWorld third = new EngineWorld("active", Map.of(), file, true, dns, "local");
        third.clock.set(restarted.clock.instant());
        third.primaryFailsFor(4);
        assertThat(third.coordinator.kinds()).as("the cooldown started before the restart").contains("FailoverRefusedCooldown");
        assertThat(third.engine.control("disarm", "ops").status()).isEqualTo(200);

        EngineWorld fourth = new EngineWorld("active", Map.of(), file, true, dns, "local");
        assertThat(fourth.state()).isEqualTo(FailoverState.DISARMED);
        assertThat(dns.writes).hasValue(2);
    }
}
