package io.saasagent.failover;

import io.saasagent.failover.control.ControlAnswer;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.coordination.RecordStore;
import io.saasagent.testing.PrivateBind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three agents sharing one failover record against a real BIND 9 (TSIG updates, real queries): the
 * fleet's failover survives every agent's restart, failback is sent to a follower, a hand edit with
 * the real nsupdate is drift put back. SOA serials count the writes.
 */
@Timeout(60)
class FleetBindTest {
    @RegisterExtension
    static final PrivateBind bind = new PrivateBind();

    private final RecordStore store = RecordStore.memory();

    private EngineWorld agent(String name, boolean holder) {
        return new EngineWorld("active", Map.of(), store, holder, bind.provider(), name);
    }

    private static void rounds(int n, List<EngineWorld> agents) {
        for (int i = 0; i < n; i++) {
            agents.forEach(EngineWorld::round);
        }
    }

    private static List<EngineWorld> fleet(EngineWorld... agents) {
        return List.of(agents);
    }

    @Test
    void failedOverSurvivesEveryRestartAndFailbackSentToAnyAgentMovesTheRecordBack() throws Exception {
        bind.nsupdate("update delete api.example.test. A", "update add api.example.test. 60 A " + PrivateBind.PRIMARY);
        List<EngineWorld> first = fleet(agent("agent-0", true), agent("agent-1", false), agent("agent-2", false));
        rounds(1, first);
        long before = bind.serial();
        first.forEach(a -> a.set("redis", false));
        rounds(4, first);
        assertThat(bind.a("api.example.test.")).containsExactly(PrivateBind.DR);
        assertThat(bind.serial()).as("one write, one serial").isEqualTo(before + 1);
        first.forEach(a -> a.recover("redis"));

        // Every agent restarted (new processes, same record, same DNS); another pod holds the lease now.
        List<EngineWorld> second = fleet(agent("agent-3", false), agent("agent-4", true), agent("agent-5", false));
        second.forEach(a -> a.clock.set(first.get(0).clock.instant()));
        assertThat(second).allSatisfy(a -> assertThat(a.state()).isEqualTo(FailoverState.FAILED_OVER));
        rounds(2, second);
        assertThat(second).allSatisfy(a -> assertThat(a.state()).isEqualTo(FailoverState.FAILED_OVER));
        assertThat(bind.serial()).as("nothing written again").isEqualTo(before + 1);

        ControlAnswer sent = second.get(0).engine.control("failback", "ops");
        assertThat(sent.status()).isEqualTo(202);
        assertThat(sent.holder()).isEqualTo("agent-holder");
        rounds(2, second);
        assertThat(bind.a("api.example.test.")).containsExactly(PrivateBind.PRIMARY);
        assertThat(bind.serial()).as("the failback: one more write").isEqualTo(before + 2);
        assertThat(second).allSatisfy(a -> assertThat(a.state()).isEqualTo(FailoverState.ARMED));
    }

    @Test
    void aHandEditWithNsupdateWhileFailedOverIsDriftAndPutBackWithinTwoVerifyIntervals() throws Exception {
        bind.nsupdate("update delete api.example.test. A", "update add api.example.test. 60 A " + PrivateBind.PRIMARY);
        EngineWorld holder = agent("agent-0", true);
        holder.primaryFailsFor(3);
        assertThat(bind.a("api.example.test.")).containsExactly(PrivateBind.DR);

        bind.nsupdate("update delete api.example.test. A", "update add api.example.test. 60 A " + PrivateBind.PRIMARY);
        assertThat(bind.a("api.example.test.")).containsExactly(PrivateBind.PRIMARY);
        long edited = bind.serial();
        holder.rounds(6); // two verify intervals (30 s each) on the agent's clock

        assertThat(holder.coordinator.last("DnsDrift").message()).contains("answers " + PrivateBind.PRIMARY);
        assertThat(holder.alerts).filteredOn(a -> a.dedupKey().endsWith("/drift") && a.firing()).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo("critical"));
        assertThat(holder.alerts).filteredOn(a -> a.dedupKey().endsWith("/drift")).last()
                .satisfies(a -> assertThat(a.firing()).as("resolved once BIND answers DR again").isFalse());
        assertThat(bind.a("api.example.test.")).containsExactly(PrivateBind.DR);
        assertThat(bind.serial()).isEqualTo(edited + 1);
    }
}
