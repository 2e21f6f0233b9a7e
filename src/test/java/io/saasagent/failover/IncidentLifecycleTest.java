package io.saasagent.failover;

import io.saasagent.alerting.Alert;
import io.saasagent.coordination.RecordStore;
import io.saasagent.failover.record.FailoverState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every incident ends, and one outage is one incident: a trigger expires, a flap is one page, unknown never resolves. */
@Timeout(20)
class IncidentLifecycleTest {

    private static long firing(EngineWorld w, String kind) {
        return w.alerts.stream().filter(a -> a.firing() && a.dedupKey().endsWith("/" + kind)).count();
    }

    @Test
    void aTriggerRefusedForAnUnhealthyDrEndsAfterRequestTtlAndNeverWritesWhenDrTurnsHealthyHoursLater() {
        EngineWorld w = new EngineWorld("active");
        w.round();
        w.set("dr-api", false);
        w.rounds(4);
        assertThat(w.engine.control("trigger", "ops-at-0200").accepted()).isTrue();
        w.round();
        assertThat(w.state()).isEqualTo(FailoverState.FIRED);
        assertThat(w.coordinator.kinds()).contains("FailoverRefusedDrUnhealthy");

        w.clock.advance(Duration.ofHours(2));
        w.recover("dr-api");
        w.rounds(5);

        assertThat(w.dns.writes).as("a 02:00 trigger never fails a healthy primary over at 04:00").hasValue(0);
        assertThat(w.state()).isEqualTo(FailoverState.ARMED);
        assertThat(w.coordinator.last("TriggerExpired").message()).contains("not carried out within request-ttl (300 s")
                .contains("FailoverRefusedDrUnhealthy").contains("nothing is written");
        assertThat(firing(w, "trigger_expired")).as("paged").isEqualTo(1);
        assertThat(w.incident().get("closed_because")).isEqualTo("trigger expired");
    }

    @Test
    void aFlappingDependencyBehindARefusingGuardIsOneIncidentAndOnePage() {
        EngineWorld w = new EngineWorld("active");
        w.coordinator.quorum = false;
        w.round();
        for (int cycle = 0; cycle < 5; cycle++) {
            w.set("redis", false);
            w.rounds(4);
            assertThat(w.state()).isEqualTo(FailoverState.FIRED);
            w.recover("redis"); // healthy again at its success threshold, then down again at once
        }
        assertThat(w.coordinator.count("FailoverFired")).as("one incident for the whole flapping outage").isEqualTo(1);
        assertThat(firing(w, "fired")).as("one critical page").isEqualTo(1);
        assertThat(firing(w, "refused")).isEqualTo(1);
        assertThat(w.dns.writes).hasValue(0);

        w.rounds(3); // clear for the success threshold since it resolved: the incident ends
        assertThat(w.state()).isEqualTo(FailoverState.ARMED);
        assertThat(w.incident().get("closed_because")).isEqualTo("resolved before failover");
        assertThat(w.alerts).filteredOn(a -> a.dedupKey().endsWith("/fired")).last().extracting(Alert::firing).isEqualTo(false);
    }

    @Test
    void aNewHolderWhoseDependenciesAreUnknownNeverResolvesTheIncidentItAdopted() {
        RecordStore fleet = RecordStore.memory();
        EngineWorld first = new EngineWorld("active", Map.of(), fleet, true);
        first.coordinator.quorum = false;
        first.primaryFailsFor(4);
        assertThat(first.state()).isEqualTo(FailoverState.FIRED);
        first.coordinator.leader = false; // the holder dies mid-incident

        EngineWorld next = new EngineWorld("active", Map.of(), fleet, true, new MemoryDnsProvider(), "agent-1");
        next.clock.set(first.clock.instant());
        for (int i = 0; i < 10; i++) {
            next.clock.advance(Duration.ofSeconds(10));
            next.engine.tick(); // its own probes have not run yet: every dependency unknown
        }
        assertThat(next.state()).as("unknown is not healthy: the adopted incident stays open").isEqualTo(FailoverState.FIRED);
        assertThat(next.incident().get("closed_at")).isNull();

        next.rounds(4); // its probes now see redis healthy for the success threshold
        assertThat(next.state()).isEqualTo(FailoverState.ARMED);
    }

    @Test
    void aHolderThatSeesEverythingHealthyActsOnTheQuorumsViewOfWhatAFailoverRuleWatches() {
        EngineWorld w = new EngineWorld("active");
        w.rounds(2);
        w.coordinator.fleetDown = java.util.List.of("redis"); // a majority sees redis down; this holder does not
        w.round();
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(w.coordinator.last("FailoverFired").message()).contains("a quorum of the agents sees redis down")
                .contains("agent-0 itself does not");

        EngineWorld notWatched = new EngineWorld("active", Map.of("agent.dependencies.redis.failover", "false"));
        notWatched.rounds(2);
        notWatched.coordinator.fleetDown = java.util.List.of("redis");
        notWatched.rounds(3);
        assertThat(notWatched.state()).as("no dns_failover rule looks at redis: the fleet's view moves nothing").isEqualTo(FailoverState.ARMED);
        assertThat(notWatched.dns.writes).hasValue(0);
    }

    /** The outage over, the dependency now refusing the agent: no outage is left, so the incident ends (and never moves DNS). */
    @Test
    void anOutageThatTurnsIntoARejectionEndsTheIncident() {
        EngineWorld w = new EngineWorld("active");
        w.coordinator.quorum = false;
        w.primaryFailsFor(4);
        assertThat(w.state()).isEqualTo(FailoverState.FIRED);
        w.rejecting.add("redis");
        // Its open circuit lets a probe through at growing intervals: a bounded number of rounds until two went through.
        for (int i = 0; i < 100 && w.state() != FailoverState.ARMED; i++) {
            w.round();
        }
        assertThat(w.snapshot("redis").rejected()).isTrue();
        assertThat(w.state()).isEqualTo(FailoverState.ARMED);
        assertThat(w.dns.writes).hasValue(0);
    }
}
