package io.saasagent.coordination;

import io.saasagent.failover.control.ControlAnswer;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;

import static io.saasagent.coordination.Fleet.DR;
import static io.saasagent.coordination.Fleet.PRIMARY;
import static io.saasagent.coordination.Fleet.RECORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Control calls landing on a follower, with whole agents (real Redis behind fault proxies, the
 * fabric8 mock API in CRUD mode holding the Lease and the failover record's ConfigMap, one counted
 * DNS target): the request goes into the record and the holder carries it out, once.
 */
@Timeout(120)
class FleetControlTest {
    static final Duration BOUND = Duration.ofSeconds(45);
    private final Fleet fleet = new Fleet(3);

    @AfterEach
    void tearDown() throws IOException {
        fleet.close();
    }

    @Test
    void aTriggerSentToAFollowerIsCarriedOutOnceByTheHolder() {
        Fleet.Agent leader = fleet.leader();
        fleet.rounds(2);
        Fleet.Agent follower = fleet.others(leader).get(0);

        ControlAnswer answer = follower.engine.control("trigger", "ops");
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.holder()).isEqualTo(leader.name);
        assertThat(fleet.api.admin().configMaps().inNamespace(MockApi.NAMESPACE).withName("saas-agent-failover-record").get()
                .getData().get("record.json")).contains(answer.requestId());

        fleet.roundsUntil(BOUND, RECORD + " answers the DR target", () -> DR.equals(fleet.dns.answer(RECORD)));
        fleet.roundsUntil(BOUND, "every agent says failed_over",
                () -> fleet.agents.stream().allMatch(a -> a.state() == FailoverState.FAILED_OVER));
        fleet.rounds(5);
        assertThat(fleet.dns.writes()).as("carried out once").isEqualTo(1);
        assertThat(fleet.dns.writers).containsExactly(leader.name);
        Await.until(Duration.ofSeconds(10), "the holder's RequestCarriedOut Event", () -> fleet.eventOn(leader, "RequestCarriedOut"));
    }

    @Test
    void aDisarmSentToAFollowerHoldsWhenRedisDies() {
        Fleet.Agent leader = fleet.leader();
        fleet.rounds(2);
        assertThat(fleet.others(leader).get(1).engine.control("disarm", "ops").status()).isEqualTo(202);
        fleet.roundsUntil(BOUND, "every agent says disarmed",
                () -> fleet.agents.stream().allMatch(a -> a.state() == FailoverState.DISARMED));

        fleet.redis.kill();
        fleet.rounds(8);
        assertThat(fleet.dns.writes()).isZero();
        assertThat(fleet.dns.answer(RECORD)).isEqualTo(PRIMARY);
        assertThat(fleet.agents).allSatisfy(a -> assertThat(a.state()).isEqualTo(FailoverState.DISARMED));
    }
}
