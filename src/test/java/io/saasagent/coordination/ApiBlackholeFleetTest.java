package io.saasagent.coordination;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.saasagent.alerting.Alert;
import io.saasagent.failover.control.ControlAnswer;
import io.saasagent.failover.record.FailoverRecord;
import io.saasagent.failover.record.FailoverState;
import io.saasagent.failover.record.RecordJson;
import io.saasagent.failover.record.TimelineEntry;
import io.saasagent.testing.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.saasagent.coordination.Fleet.DR;
import static io.saasagent.coordination.Fleet.RECORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes API blackholed (the FaultProxy in front of the mock API in BLACKHOLE mode: connections
 * accepted, never answered), not refused: whole agents keep answering the truth, never wait on the API
 * longer than their bound, page once for the fleet when nobody can act, and write nothing over the
 * record when it returns. The engines' clock moves 10 s per round.
 */
@Timeout(240)
class ApiBlackholeFleetTest {
    static final Duration BOUND = Duration.ofSeconds(60);
    private Fleet fleet;

    @AfterEach
    void tearDown() throws IOException {
        if (fleet != null) {
            fleet.close();
        }
    }

    private String storedRecord() {
        ConfigMap cm = fleet.api.admin().configMaps().inNamespace(MockApi.NAMESPACE).withName("saas-agent-failover-record").get();
        return cm.getData().get("record.json");
    }

    private void blackhole(boolean on) {
        fleet.agents.forEach(a -> a.apiLink.set(on ? FaultProxy.Mode.BLACKHOLE : FaultProxy.Mode.PASS));
    }

    @Test
    void aPassiveFleetFailedOverAnswersNo200WhileTheApiIsBlackholedAndWritesNothingOverTheRecordAfter() {
        fleet = new Fleet(3, "passive", Map.of());
        fleet.leader();
        fleet.rounds(2);
        fleet.redis.kill();
        fleet.roundsUntil(BOUND, "every agent failed over (passive)",
                () -> fleet.agents.stream().allMatch(a -> a.state() == FailoverState.FAILED_OVER));
        fleet.rounds(2);
        String before = storedRecord();
        assertThat(before).contains("\"state\":\"failed_over\"");

        blackhole(true);
        Fleet.Agent restarted = null;
        for (int round = 0; round < 12; round++) { // 2 min on the engines' clock
            fleet.round();
            if (round == 3) {
                // A pod (re)started during the brown-out: it never read the record.
                restarted = fleet.add("agent-3", FaultProxy.Mode.BLACKHOLE, false);
                assertThat(restarted.engine.endpointHealthy()).as("the restarted pod's first answer").isFalse();
            }
            for (Fleet.Agent a : fleet.agents) {
                assertThat(a.engine.endpointHealthy()).as(a.name + " answers /health/failover in round " + round).isFalse();
            }
        }
        assertThat(restarted.engine.endpointBasis()).startsWith("own view: the failover record cannot be read").contains("redis down");
        assertThat(restarted.state()).as("it never read the record: its cached state is the default").isEqualTo(FailoverState.ARMED);

        fleet.api.resetCounts();
        blackhole(false);
        fleet.roundsUntil(BOUND, "a holder again", () -> fleet.agents.stream().anyMatch(Fleet.Agent::leading));
        fleet.roundsUntil(BOUND, "every agent reads the record again", () -> fleet.agents.stream()
                .allMatch(a -> a.engine.endpointBasis().equals("fleet record")));
        fleet.rounds(5);
        assertThat(fleet.agents).allSatisfy(a -> {
            assertThat(a.state()).isEqualTo(FailoverState.FAILED_OVER);
            assertThat(a.engine.endpointHealthy()).isFalse();
        });
        // The new holder read the record before anything else: it only added its Adopted line to the incident.
        assertThat(fleet.api.count("POST configmaps")).as("never created afresh").isZero();
        assertThat(fleet.api.count("PUT configmaps")).as("at most the new holder's Adopted line").isLessThanOrEqualTo(1);
        FailoverRecord was = RecordJson.read(before);
        FailoverRecord now = RecordJson.read(storedRecord());
        assertThat(now.state).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(now.incident.id).isEqualTo(was.incident.id);
        assertThat(now.incident.firedAt).isEqualTo(was.incident.firedAt);
        assertThat(now.lastFailoverAt).isEqualTo(was.lastFailoverAt);
        assertThat(now.incidents).isEqualTo(was.incidents);
        assertThat(now.incident.entries()).as("nothing of the stored timeline lost").startsWith(was.incident.entries().toArray(new TimelineEntry[0]));
    }

    @Test
    void tenMinutesOfProbesWhileTheApiIsBlackholedStayBoundedAnswerTheTruthAndPageOnceWhenNobodyCanAct() {
        Map<String, String> six = new LinkedHashMap<>();
        for (String dep : List.of("billing", "search", "queue", "files")) { // six dependencies with redis and dr-api
            six.put("agent.dependencies." + dep + ".type", "tcp");
            six.put("agent.dependencies." + dep + ".url", "tcp://127.0.0.1:6379"); // the machine's shared Redis: connected to, never stopped
            six.put("agent.dependencies." + dep + ".critical", "false");
        }
        fleet = new Fleet(0, "active", six);
        for (int i = 0; i < 3; i++) {
            fleet.add("agent-" + i, FaultProxy.Mode.PASS, true);
        }
        fleet.leader();
        fleet.rounds(3);

        blackhole(true);
        int maxQueued = 0;
        List<Long> controlMillis = new ArrayList<>();
        List<ControlAnswer> controls = new ArrayList<>();
        for (int round = 0; round < 60; round++) { // ten minutes of probes at 10 s
            fleet.round();
            if (round == 20) {
                fleet.redis.kill();
            }
            if (round % 15 == 5) {
                Fleet.Agent a = fleet.agents.get(round % 3);
                long t0 = System.nanoTime();
                ControlAnswer answer = a.thread.control("disarm", "ops");
                controlMillis.add((System.nanoTime() - t0) / 1_000_000);
                controls.add(answer);
            }
            for (Fleet.Agent a : fleet.agents) {
                maxQueued = Math.max(maxQueued, a.thread.inbox().depth());
            }
        }
        long dropped = fleet.agents.stream().mapToLong(a -> a.thread.inbox().dropped()).sum();
        int maxDepth = fleet.agents.stream().mapToInt(a -> a.thread.inbox().maxDepth()).max().orElseThrow();
        System.out.printf("blackholed API, 60 rounds x 6 dependencies x 3 agents: engine queue max %d (sampled %d), dropped %d, "
                + "control answers %s ms: %s%n", maxDepth, maxQueued, dropped, controlMillis,
                controls.stream().map(c -> c.status() + " " + c.message()).toList());
        assertThat(maxDepth).as("at most one result per dependency waits").isLessThanOrEqualTo(6);
        assertThat(controlMillis).allSatisfy(ms -> assertThat(ms).isLessThan(2000));
        assertThat(controls).allSatisfy(c -> {
            assertThat(c.queued()).as("nothing can be queued while the record is unreachable: " + c.message()).isFalse();
            assertThat(c.status()).isIn(409, 503);
        });

        List<Alert> nobody = fleet.agents.stream().flatMap(a -> a.alerts.stream())
                .filter(p -> p.dedupKey().endsWith("/nobody_can_act")).toList();
        assertThat(nobody.stream().map(Alert::dedupKey).distinct()).as("one key for the fleet").hasSize(1);
        for (Fleet.Agent a : fleet.agents) {
            assertThat(a.alerts).filteredOn(p -> p.dedupKey().endsWith("/nobody_can_act") && p.firing())
                    .as(a.name + " pages nobody_can_act once").hasSize(1);
        }
        assertThat(nobody.get(0).summary()).contains("no agent can confirm the lease");

        Map<String, Integer> before = counts();
        blackhole(false);
        fleet.roundsUntil(BOUND, RECORD + " answers the DR target", () -> DR.equals(fleet.dns.answer(RECORD)));
        fleet.rounds(10);
        assertThat(fleet.dns.writes()).as("one failover write, once the API answers").isEqualTo(1);
        assertThat(fleet.agents).allSatisfy(a -> assertThat(a.alerts).filteredOn(p -> p.dedupKey().endsWith("/nobody_can_act") && !p.firing())
                .as(a.name + " resolves it").hasSize(1));
        Map<String, Integer> after = counts();
        after.forEach((key, n) -> assertThat(n - before.getOrDefault(key, 0)).as("no flapping on " + key).isLessThanOrEqualTo(2));
    }

    /** Firing pages per dedup key over the fleet. */
    private Map<String, Integer> counts() {
        return fleet.agents.stream().flatMap(a -> a.alerts.stream()).filter(Alert::firing)
                .collect(Collectors.toMap(Alert::dedupKey, p -> 1, Integer::sum, LinkedHashMap::new));
    }
}
