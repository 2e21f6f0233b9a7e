package io.saasagent.failover;

import io.saasagent.alerting.Alert;
import io.saasagent.coordination.RecordStore;
import io.saasagent.dns.DnsRecord;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.saasagent.failover.EngineWorld.PRIMARY;
import static io.saasagent.failover.EngineWorld.RECORD;
import static org.assertj.core.api.Assertions.assertThat;

/** Pages with a lifecycle: the fleet's open pages live in its record, and every drift page resolves. */
@Timeout(30)
class PageLifecycleTest {
    private RecordingPager pager;

    @AfterEach
    void stop() {
        if (pager != null) {
            pager.close();
        }
    }

    @Test
    void aHolderKilledMidIncidentHasItsFiredPageResolvedByTheNextHolderAtTheEnd() throws Exception {
        RecordStore fleet = RecordStore.memory();
        EngineWorld first = new EngineWorld("active", Map.of(), fleet, true);
        first.primaryFailsFor(3);
        assertThat(first.state()).isEqualTo(FailoverState.FAILED_OVER);
        String fired = first.alerts.stream().filter(a -> a.firing() && a.dedupKey().endsWith("/fired")).findFirst()
                .orElseThrow().dedupKey();
        first.coordinator.leader = false; // killed: its memory is gone, its record stays

        EngineWorld next = new EngineWorld("active", Map.of(), fleet, true, first.dns, "agent-1");
        next.clock.set(first.clock.instant());
        next.rounds(3);
        assertThat(next.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(next.engine.control("failback", "ops").accepted()).isTrue();
        assertThat(next.state()).isEqualTo(FailoverState.ARMED);

        assertThat(next.alerts).as("the next holder resolves the page the killed one fired")
                .anySatisfy(a -> {
                    assertThat(a.dedupKey()).isEqualTo(fired);
                    assertThat(a.firing()).isFalse();
                });
        assertThat(fleet.read().orElseThrow().json()).as("no page left open in the record").contains("\"pages\":[]");
    }

    @Test
    void anArmedDriftPageResolvesWhenTheRecordIsRightAgainAndTheNextDriftPagesAnew() {
        EngineWorld w = new EngineWorld("active");
        pager = new RecordingPager(w.clock);
        w.round();
        for (int drift = 0; drift < 2; drift++) {
            w.dns.records.put(RECORD + "/A", DnsRecord.simple(RECORD, "A", "203.0.113.7", 60)); // a hand edit
            w.rounds(4);
            w.dns.records.put(RECORD + "/A", DnsRecord.simple(RECORD, "A", PRIMARY, 60)); // put right
            w.rounds(4);
        }
        assertThat(w.state()).isEqualTo(FailoverState.ARMED);
        List<Alert> drift = w.alerts.stream().filter(a -> a.dedupKey().endsWith("/drift")).toList();
        assertThat(drift).extracting(Alert::firing).as("each drift resolved before the next").containsSubsequence(true, false, true, false);
        drift.forEach(pager.channel::offer);

        Await.until(Duration.ofSeconds(10), "both drift pages and both resolutions delivered",
                () -> pager.delivered().stream().filter(b -> b.contains("/drift|")).count() >= 4);
        assertThat(pager.delivered()).filteredOn(b -> b.contains("/drift|")).extracting(b -> b.split("\\|")[1])
                .as("the second drift is not deduplicated away").containsExactly("true", "false", "true", "false");
    }

    private static List<Alert> keyed(EngineWorld w, String key) {
        return w.alerts.stream().filter(a -> a.dedupKey().equals(key)).toList();
    }

    /** An alert rule on a shared dependency pages once for the fleet: the holder, on the quorum's view; no pod on its own. */
    @Test
    void anAlertRuleOnASharedDependencyPagesOnceForTheFleetFromTheHolderOnTheQuorumsView() {
        RecordStore fleet = RecordStore.memory();
        Map<String, String> shared = Map.of("agent.dependencies.redis.shared", "true");
        EngineWorld holder = new EngineWorld("active", shared, fleet, true);
        EngineWorld follower = new EngineWorld("active", shared, fleet, false, new MemoryDnsProvider(), "agent-1");
        follower.clock.set(holder.clock.instant());
        for (EngineWorld w : List.of(holder, follower)) {
            w.rejecting.add("redis");
            w.set("redis", false);
            w.rounds(4);
        }
        assertThat(holder.coordinator.verdicts).last().satisfies(v -> assertThat(v.alerts()).contains("credentials_rejected"));
        assertThat(keyed(holder, "saas-agent/rule/credentials_rejected")).as("no quorum yet: no fleet page").isEmpty();

        holder.coordinator.fleetAlerts = List.of("credentials_rejected"); // a quorum of the agents has it firing
        holder.rounds(3);
        follower.rounds(3);
        assertThat(keyed(holder, "saas-agent/rule/credentials_rejected")).singleElement().satisfies(a -> {
            assertThat(a.firing()).isTrue();
            assertThat(a.severity()).isEqualTo("critical");
            assertThat(a.summary()).contains("redis rejects the agent");
        });
        for (EngineWorld w : List.of(holder, follower)) {
            assertThat(w.alerts).as("no pod pages a shared dependency's alert on its own key")
                    .noneSatisfy(a -> assertThat(a.dedupKey()).startsWith("saas-agent/rule/credentials_rejected/"));
        }
        assertThat(follower.alerts).noneSatisfy(a -> assertThat(a.dedupKey()).isEqualTo("saas-agent/rule/credentials_rejected"));

        holder.coordinator.leader = false; // the holder goes; the next one resolves the fleet's page when the quorum clears
        follower.coordinator.leader = true;
        follower.coordinator.fleetAlerts = List.of("credentials_rejected"); // the quorum still has it
        follower.rounds(2);
        assertThat(keyed(follower, "saas-agent/rule/credentials_rejected")).as("still paged: not again").isEmpty();
        follower.coordinator.fleetAlerts = List.of();
        follower.round();
        assertThat(keyed(follower, "saas-agent/rule/credentials_rejected")).singleElement()
                .satisfies(a -> assertThat(a.firing()).as("resolved by the next holder").isFalse());
    }

    @Test
    void anAlertRuleOnThisPodsOwnDependencyPagesPerPod() {
        EngineWorld follower = new EngineWorld("active", Map.of(), RecordStore.memory(), false, new MemoryDnsProvider(), "agent-1");
        follower.rejecting.add("redis"); // redis://127.0.0.1: this pod's own by default
        follower.set("redis", false);
        follower.rounds(4);
        assertThat(keyed(follower, "saas-agent/rule/credentials_rejected/agent-1")).singleElement()
                .satisfies(a -> assertThat(a.firing()).isTrue());
        follower.recover("redis");
        assertThat(keyed(follower, "saas-agent/rule/credentials_rejected/agent-1")).extracting(Alert::firing).containsExactly(true, false);
    }
}
