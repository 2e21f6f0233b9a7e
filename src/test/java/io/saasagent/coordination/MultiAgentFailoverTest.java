package io.saasagent.coordination;

import io.saasagent.failover.policy.Outcome;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.testing.Await;
import io.saasagent.testing.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;

import static io.saasagent.coordination.Fleet.DR;
import static io.saasagent.coordination.Fleet.RECORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Five whole agents (own probes and states, own failover engine in active mode, own Kubernetes
 * coordinator) against one mock API server in CRUD mode and ONE counted DNS target, with real
 * dependency outages: the shared redis-server killed, or one agent's own link to it blackholed.
 */
@Timeout(120)
class MultiAgentFailoverTest {
    static final int AGENTS = 5;
    static final Duration BOUND = Duration.ofSeconds(45);
    private final Fleet fleet = new Fleet(AGENTS);

    @AfterEach
    void tearDown() throws IOException {
        fleet.close();
    }

    private void awaitEvent(Fleet.Agent agent, String reason) {
        Await.until(Duration.ofSeconds(10), reason + " Event on " + agent.name, () -> fleet.eventOn(agent, reason));
    }

    @Test
    void anOutageSeenByAllMovesTheRecordWithExactlyOneWrite() {
        fleet.leader();
        fleet.rounds(2);

        fleet.redis.kill();
        fleet.roundsUntil(BOUND, RECORD + " answers the DR target", () -> DR.equals(fleet.dns.answer(RECORD)));
        // The fault persists and every agent keeps probing, firing, asking: still one write.
        fleet.rounds(5);

        assertThat(fleet.dns.writes()).isEqualTo(1);
        assertThat(fleet.outcomes(Outcome.WRITTEN)).isEqualTo(1);
        String writer = fleet.dns.writers.get(0);
        Fleet.Agent wrote = fleet.agents.stream().filter(a -> a.name.equals(writer)).findFirst().orElseThrow();
        assertThat(wrote.state()).isEqualTo(FailoverState.FAILED_OVER);
        // The fleet's state is the holder's: every other agent adopts it from the record, fires nothing of its own.
        fleet.roundsUntil(BOUND, "every agent says failed_over",
                () -> fleet.agents.stream().allMatch(a -> a.state() == FailoverState.FAILED_OVER));
        awaitEvent(wrote, "FailoverFired");
        fleet.others(wrote).forEach(a -> assertThat(fleet.eventOn(a, "FailoverFired")).isFalse());
        awaitEvent(wrote, "DnsWritten");
        assertThat(fleet.eventMessage(wrote, "DnsWritten")).contains(RECORD, DR);
        // The writer asked the lease and the quorum right before the write (fencing): 5 of 5 agreed.
        assertThat(wrote.coordinator.summary().get("last_quorum").toString()).contains("reached=true", "agreeing=5", "live=5");
    }

    @Test
    void anOutageSeenByOneAgentOnlyWritesNothingAndItsEventSaysNoQuorum() {
        // The one agent with a broken network is the leader: the only one that would write.
        Fleet.Agent leader = fleet.leader();
        fleet.rounds(2);

        leader.redisLink.set(FaultProxy.Mode.BLACKHOLE);
        fleet.roundsUntil(BOUND, "the leader's refusal for want of a quorum", () -> leader.engine.outcomeCount(Outcome.REFUSED_NO_QUORUM) > 0);
        fleet.rounds(5);

        assertThat(fleet.dns.writes()).isZero();
        assertThat(leader.state()).isEqualTo(FailoverState.FIRED);
        // The others show the fleet's state (an open incident, refused): nothing of their own, nothing moved.
        fleet.others(leader).forEach(a -> assertThat(a.state()).isIn(FailoverState.ARMED, FailoverState.FIRED));
        awaitEvent(leader, "FailoverRefusedNoQuorum");
        assertThat(fleet.eventMessage(leader, "FailoverRefusedNoQuorum"))
                .contains("no quorum", "1 of 5 live agents see redis down");
        assertThat(leader.coordinator.summary().get("last_quorum").toString()).contains("reached=false", "agreeing=1", "live=5");
    }

    @Test
    void theLeaderKilledAfterItFiredAndBeforeItWroteTheNewLeaderWritesOnce() {
        Fleet.Agent leader = fleet.leader();
        fleet.rounds(2);
        fleet.redis.kill();

        // Only the leader probes until it fired: its quorum is refused, the others have not seen it yet.
        Await.until(BOUND, "the leader fired", () -> {
            fleet.clock.advance(Fleet.ROUND);
            leader.round();
            return leader.state() == FailoverState.FIRED && leader.engine.outcomeCount(Outcome.REFUSED_NO_QUORUM) > 0;
        });
        assertThat(fleet.dns.writes()).isZero();
        leader.kill();

        fleet.roundsUntil(BOUND, RECORD + " answers the DR target", () -> DR.equals(fleet.dns.answer(RECORD)));
        fleet.rounds(5);

        assertThat(fleet.dns.writes()).isEqualTo(1);
        assertThat(fleet.dns.writers).doesNotContain(leader.name);
        Fleet.Agent next = fleet.leader();
        assertThat(fleet.dns.writers).containsExactly(next.name);
        assertThat(next.state()).isEqualTo(FailoverState.FAILED_OVER);
    }

    @Test
    void theLeaderKilledAfterItWroteTheNewLeaderFindsTheRecordMovedAndWritesNothing() {
        fleet.leader();
        fleet.rounds(2);
        fleet.redis.kill();
        fleet.roundsUntil(BOUND, RECORD + " answers the DR target", () -> DR.equals(fleet.dns.answer(RECORD)));
        String writer = fleet.dns.writers.get(0);
        Fleet.Agent wrote = fleet.agents.stream().filter(a -> a.name.equals(writer)).findFirst().orElseThrow();

        wrote.kill();
        fleet.roundsUntil(BOUND, "a new leader took over", () -> fleet.agents.stream().anyMatch(a -> a != wrote && a.leading()));
        fleet.rounds(5);

        assertThat(fleet.dns.writes()).as("no second write of the same change").isEqualTo(1);
        Fleet.Agent next = fleet.leader();
        assertThat(next).isNotSameAs(wrote);
        assertThat(next.state()).as("adopted from the fleet's record").isEqualTo(FailoverState.FAILED_OVER);
        awaitEvent(next, "Adopted");
    }

    @Test
    void withTheKubernetesApiUnreachableNobodyWritesAndEachAgentSaysWhy() {
        fleet.leader();
        fleet.rounds(2);

        fleet.agents.forEach(a -> a.apiLink.set(FaultProxy.Mode.REFUSE));
        fleet.redis.kill();
        fleet.rounds(4);
        // Past the old holder's renew deadline, rounds still write nothing.
        Await.until(Duration.ofSeconds(15), "no agent believes it leads", () -> {
            fleet.round();
            return fleet.agents.stream().noneMatch(Fleet.Agent::leading);
        });
        fleet.rounds(5);

        assertThat(fleet.dns.writes()).isZero();
        assertThat(fleet.outcomes(Outcome.WRITTEN) + fleet.outcomes(Outcome.UNCHANGED)).isZero();
        for (Fleet.Agent a : fleet.agents) {
            assertThat(a.state()).isIn(FailoverState.ARMED, FailoverState.FIRED);
            assertThat(a.coordinator.isLeader()).isFalse();
            assertThat(a.coordinator.summary().get("last_lease_check").toString())
                    .contains("lease cannot be confirmed: kubernetes API unreachable: connection refused");
            assertThat(a.coordinator.quorum(Fleet.FAILURE).reason()).startsWith("kubernetes API unreachable: connection refused");
        }
    }

    /** The holder acts on the quorum's view, its own healthy view one vote: three of five see redis down, the holder does not. */
    @Test
    void aMajorityActsWithAHolderThatSeesEverythingHealthy() {
        Fleet.Agent leader = fleet.leader();
        fleet.rounds(2);
        fleet.others(leader).stream().limit(3).forEach(a -> a.redisLink.set(FaultProxy.Mode.BLACKHOLE));

        fleet.roundsUntil(BOUND, RECORD + " answers the DR target", () -> DR.equals(fleet.dns.answer(RECORD)));
        fleet.rounds(3);

        assertThat(leader.snapshots()).filteredOn(s -> s.name().equals("redis")).singleElement()
                .satisfies(s -> assertThat(s.up()).as("the holder itself sees redis healthy").isTrue());
        assertThat(fleet.dns.writes()).isEqualTo(1);
        assertThat(fleet.dns.writers).containsExactly(leader.name);
        assertThat(leader.coordinator.summary().get("last_quorum").toString()).contains("reached=true", "agreeing=3", "live=5");
        awaitEvent(leader, "FailoverFired");
        assertThat(fleet.eventMessage(leader, "FailoverFired")).contains("a quorum of the agents sees redis down");
    }
}
