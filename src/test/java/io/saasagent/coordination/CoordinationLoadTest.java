package io.saasagent.coordination;

import io.saasagent.failover.FailoverEngine;
import io.saasagent.failover.policy.FailoverSettings;
import io.saasagent.config.TestConfigs;
import io.saasagent.failover.FailoverAgentConfig;
import io.saasagent.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load N agents put on the Kubernetes API, counted at the mock server, against the model the
 * README's table is computed from. Intervals are scaled down (the model is linear in 1/interval);
 * {@code bench/coordination-load.sh} runs it with more agents and prints the figures.
 * <ul>
 *   <li>holder: one Lease read and one Lease patch per retry-period;</li>
 *   <li>each other agent: one Lease read per candidate-retry-period x fabric8's jitter (uniform 1..2.2, mean 1.6);</li>
 *   <li>verdict patches only on change (plus a refresh every verdict-max-age/4 while a failure is seen);</li>
 *   <li>one pod list per quorum; Events one create per kind, repeats folded per event-min-interval;</li>
 *   <li>the failover record: every agent's engine reads it once per candidate-retry-period (its tick rounds
 *       that up by up to one tick); the holder writes it only when it changes.</li>
 * </ul>
 */
@Timeout(120)
class CoordinationLoadTest {
    static final int AGENTS = Integer.getInteger("coordination.load.agents", 10);
    static final Duration PERIOD = Duration.ofSeconds(Long.getLong("coordination.load.seconds", 6));
    static final Duration RETRY = Duration.ofMillis(200);
    static final Duration CANDIDATE_RETRY = Duration.ofMillis(500);
    static final double MEAN_JITTER = 1.6;

    private final MockApi api = new MockApi();
    static final Duration TICK = Duration.ofMillis(100);

    private final List<KubernetesCoordinator> agents = new ArrayList<>();
    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);

    @AfterEach
    void tearDown() {
        ticks.shutdownNow();
        agents.forEach(KubernetesCoordinator::close);
        api.close();
    }

    /** A whole failover engine on the coordinator (nothing to probe), ticking as FailoverService does. */
    private void engineOn(KubernetesCoordinator coordinator) {
        FailoverEngine engine = new FailoverEngine(FailoverSettings.from(TestConfigs.valid(FailoverAgentConfig.properties("active",
                "redis://127.0.0.1:1", "http", "http://127.0.0.1:1/"))), List::of, coordinator, null, a -> { }, Clock.systemUTC(), d -> { });
        ticks.scheduleWithFixedDelay(engine::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private long leaders() {
        return agents.stream().filter(KubernetesCoordinator::leading).count();
    }

    @Test
    void lookingForTheLeaseGrowsWithAgentsAtTheCandidatePaceAndAnIncidentCostsOneWritePerAgent() {
        for (int i = 0; i < AGENTS; i++) {
            api.createPod("agent-" + i, true);
            agents.add(new KubernetesCoordinator(api.client(), MockApi.settings("agent-" + i, Duration.ofSeconds(2),
                    Duration.ofMillis(1500), RETRY, CANDIDATE_RETRY, Duration.ofMinutes(2), Duration.ofSeconds(30)),
                    Clock.systemUTC()).start());
            engineOn(agents.get(i));
        }
        Await.until(Duration.ofSeconds(20), "one leader", () -> leaders() == 1);
        Await.until(Duration.ofSeconds(20), "the holder wrote the record", () -> api.count("POST configmaps") == 1);
        Await.until(Duration.ofSeconds(20), "every first verdict written", () -> api.count("PATCH pods") >= AGENTS);

        // Steady state: nobody sees a failure.
        api.resetCounts();
        long start = System.nanoTime();
        Await.holds(PERIOD, "exactly one leader throughout", () -> leaders() == 1);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> steady = api.counts();

        double holderPatches = rate(steady, "PATCH leases", seconds);
        double leaseReads = rate(steady, "GET leases", seconds);
        double expectedHolder = 1 / secs(RETRY);
        double expectedCandidates = (AGENTS - 1) / (secs(CANDIDATE_RETRY) * MEAN_JITTER);
        System.out.printf("%n[coordination load] %d agents, %.1f s steady: %s%n", AGENTS, seconds, steady);
        System.out.printf("[coordination load] lease reads %.1f/s (model %.1f), holder patches %.1f/s (model %.1f)%n",
                leaseReads, expectedHolder + expectedCandidates, holderPatches, expectedHolder);
        // fabric8 schedules at a rate (a late run is caught up), so a loaded machine shifts runs, not the mean;
        // the bounds still tell the candidate pace (model) from the holder's (2.5 x more).
        assertThat(holderPatches).isBetween(expectedHolder * 0.5, expectedHolder * 1.5);
        assertThat(leaseReads).isBetween((expectedHolder + expectedCandidates) * 0.6, (expectedHolder + expectedCandidates) * 1.5);
        double recordReads = rate(steady, "GET configmaps", seconds);
        double expectedRecord = AGENTS / (secs(CANDIDATE_RETRY) + secs(TICK) / 2);
        double total = steady.values().stream().mapToLong(Long::longValue).sum() / seconds;
        System.out.printf("[coordination load] record reads %.1f/s (model %.1f); Kubernetes API %.1f req/s with the record, %.1f without%n",
                recordReads, expectedRecord, total, total - recordReads);
        assertThat(recordReads).isBetween(expectedRecord * 0.6, expectedRecord * 1.4);
        assertThat(steady).as("no pod or event traffic, and no record write, while nothing changes")
                .doesNotContainKeys("PATCH pods", "LIST pods", "POST events", "PUT configmaps", "POST configmaps");

        // An incident: every agent sees it, the engines ask again and again, the leader counts 20 times.
        api.resetCounts();
        Instant now = Instant.now();
        for (KubernetesCoordinator a : agents) {
            a.publishVerdict(new Verdict(a.identity(), List.of("health_check_failure"), List.of("redis"), now));
        }
        Await.until(Duration.ofSeconds(20), "all verdicts written", () -> api.count("PATCH pods") >= AGENTS);
        KubernetesCoordinator leader = agents.stream().filter(KubernetesCoordinator::leading).findFirst().orElseThrow();
        for (int round = 0; round < 20; round++) {
            for (KubernetesCoordinator a : agents) {
                a.publishVerdict(new Verdict(a.identity(), List.of("health_check_failure"), List.of("redis"), now));
                a.record(new Decision(a == leader ? "FailoverFired" : "FailoverRefusedNoLease", "round " + round, Map.of(), now));
            }
            assertThat(leader.quorum("redis").reached()).as("the quorum counts agents seeing the same dependency down").isTrue();
        }
        Await.until(Duration.ofSeconds(20), "every agent's Event created", () -> api.count("POST events") >= AGENTS);
        Map<String, Long> incident = api.counts();
        System.out.printf("[coordination load] incident, 20 rounds: %s%n", incident);
        assertThat(incident.get("PATCH pods")).as("one verdict patch per agent, whatever the rounds").isEqualTo(AGENTS);
        assertThat(incident.get("LIST pods")).as("one pod list per quorum").isEqualTo(20);
        // The holder's engine acts on the quorum's view too, with Events of its own kinds (a write failing without a provider).
        for (KubernetesCoordinator a : agents) {
            String kind = a == leader ? "FailoverFired" : "FailoverRefusedNoLease";
            assertThat(api.eventsOn(a.identity()).stream().filter(e -> kind.equals(e.getReason())).count())
                    .as("one Event per agent and kind").isEqualTo(1);
        }
        assertThat(incident.get("POST events")).isGreaterThanOrEqualTo((long) AGENTS);
        assertThat(incident.getOrDefault("PATCH events", 0L)).as("repeats folded for event-min-interval").isZero();
    }

    private static double rate(Map<String, Long> counts, String key, double seconds) {
        return counts.getOrDefault(key, 0L) / seconds;
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }
}
