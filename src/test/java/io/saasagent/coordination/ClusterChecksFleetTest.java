package io.saasagent.coordination;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.saasagent.cluster.ClusterCheckRunner;
import io.saasagent.cluster.ClusterReport;
import io.saasagent.cluster.ClusterResults;
import io.saasagent.cluster.ClusterView;
import io.saasagent.cluster.check.ClusterChecksConfig;
import io.saasagent.cluster.check.ClusterObjects;
import io.saasagent.state.DependencyStatus;
import io.saasagent.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Five whole agents of the fleet harness, each with its cluster-check runner and its own API client
 * (through its own link), asked for leadership the way the agent asks (the elector's word), and wired to
 * its own failover engine's share of the fleet's record (a ConfigMap of the mock API in CRUD mode), as the
 * agent wires them. A tick moves the engines' clock, then every live runner and engine steps. Only the
 * holder reads the cluster, counted at the mock API server; followers show the holder's report; the holder
 * writes the record about every second interval; after the holder is killed the next holder has measured
 * results within one lease duration plus one interval, and its report reaches the followers.
 */
@Timeout(120)
class ClusterChecksFleetTest {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration TICK = Duration.ofMillis(100);
    static final List<String> READS = List.of("LIST certificates", "LIST externalsecrets");
    private final Fleet fleet = new Fleet(5);
    private final Map<Fleet.Agent, Runner> runners = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    record Runner(ClusterCheckRunner runner, ClusterObjects objects, ClusterResults results) {
    }

    @BeforeEach
    void checks() {
        Instant now = fleet.clock.instant();
        create("cert-manager.io", "v1", "Certificate", "certificates", Map.of("metadata", Map.of("name", "api-tls"),
                "status", Map.of("notAfter", now.plus(Duration.ofDays(20)).toString(),
                        "conditions", List.of(Map.of("type", "Ready", "status", "True")))));
        create("external-secrets.io", "v1beta1", "ExternalSecret", "externalsecrets", Map.of("metadata", Map.of("name", "api-secrets"),
                "status", Map.of("refreshTime", now.toString(), "conditions", List.of(Map.of("type", "Ready", "status", "True")))));
        Map<String, String> p = Map.of(
                "agent.cluster-checks.interval", INTERVAL.toMillis() + "ms",
                "agent.cluster-checks.api-tls.kind", "certificate",
                "agent.cluster-checks.api-tls.name", "api-tls",
                "agent.cluster-checks.secrets.kind", "external-secret",
                "agent.cluster-checks.secrets.name", "api-secrets");
        for (Fleet.Agent agent : fleet.agents) {
            ClusterResults results = new ClusterResults(ClusterChecksConfig.parse(p));
            ClusterObjects objects = new ClusterObjects(fleet.api.clientAt(agent.apiLink.port()));
            ClusterCheckRunner runner = new ClusterCheckRunner(results, objects, agent::leading,
                    () -> "not the holder (held by " + agent.coordinator.summary().get("holder") + ")",
                    agent.engine.clusterShare(), agent.name, fleet.clock);
            runners.put(agent, new Runner(runner, objects, results));
        }
        fleet.leader();
        fleet.api.resetCounts();
        ticker.scheduleWithFixedDelay(() -> {
            fleet.clock.advance(TICK);
            runners.forEach((agent, r) -> {
                if (agent.alive()) {
                    r.runner().tick();
                    agent.engine.tick();
                }
            });
        }, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void create(String group, String version, String kind, String plural, Map<String, Object> object) {
        GenericKubernetesResource r = Serialization.jsonMapper().convertValue(object, GenericKubernetesResource.class);
        r.setApiVersion(group + "/" + version);
        r.setKind(kind);
        ResourceDefinitionContext type = new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version)
                .withKind(kind).withPlural(plural).withNamespaced(true).build();
        fleet.api.admin().genericKubernetesResources(type).inNamespace(MockApi.NAMESPACE).resource(r).create();
    }

    @AfterEach
    void tearDown() throws IOException, InterruptedException {
        ticker.shutdownNow();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        fleet.close();
    }

    private boolean everyFollowerShows(Fleet.Agent holder) {
        return fleet.others(holder).stream().filter(Fleet.Agent::alive).allMatch(a -> {
            ClusterReport r = runners.get(a).results().report();
            return r.shared() && holder.name.equals(r.ranBy());
        });
    }

    @Test
    void followersShowTheHoldersResultsAndSendNoClusterRead() {
        Fleet.Agent holder = fleet.leader();
        Runner mine = runners.get(holder);
        Await.until(Duration.ofSeconds(15), "every follower shows the holder's report", () -> everyFollowerShows(holder));

        // Steady state, measured: record writes and reads per interval of the checks (2 reads per run).
        fleet.api.resetCounts();
        Instant from = fleet.clock.instant();
        long runsBefore = mine.objects().requests() / 2;
        int intervals = 8;
        Await.until(Duration.ofSeconds(20), intervals + " more runs", () -> mine.objects().requests() / 2 >= runsBefore + intervals);
        ticker.shutdownNow();
        Await.until(Duration.ofSeconds(5), "the ticker stopped", ticker::isTerminated);
        long runs = mine.objects().requests() / 2 - runsBefore;
        long writes = fleet.api.count("PUT configmaps");
        System.out.printf("shared cluster report over %d holder runs: %d record writes (%.2f per interval), record reads %d (%.1f per interval,"
                        + " the followers' existing pace), cluster reads %d, all requests %s%n", runs, writes, (double) writes / runs,
                fleet.api.count("GET configmaps"), (double) fleet.api.count("GET configmaps") / runs, readsAtTheServer(), fleet.api.counts());
        assertThat(writes).as("unchanged results: a write every second interval, never more than one per run")
                .isBetween(runs / 2 - 1, runs / 2 + 1);
        assertThat(readsAtTheServer()).as("every cluster read came from the holder").isEqualTo(2 * runs);
        long reads = Duration.between(from, fleet.clock.instant()).toMillis() / Fleet.CANDIDATE_RETRY.toMillis() + 1;
        assertThat(fleet.api.count("GET configmaps")).as("the record read at most once per candidate-retry-period per agent, as before")
                .isLessThanOrEqualTo(fleet.agents.size() * reads);

        assertThat(mine.results().report().shared()).isFalse();
        assertThat(mine.results().report().ranBy()).isEqualTo(holder.name);
        for (Fleet.Agent other : fleet.others(holder)) {
            Runner r = runners.get(other);
            assertThat(r.objects().requests()).as(other.name + " sends no cluster read").isZero();
            ClusterReport shown = r.results().report();
            assertThat(shown.results().get("api-tls").status()).as(other.name).isEqualTo(DependencyStatus.DEGRADED);
            assertThat(shown.results().get("secrets").status()).as(other.name).isEqualTo(DependencyStatus.HEALTHY);
            Map<String, Object> health = ClusterView.health(r.results());
            assertThat(health).containsEntry("checked_by", holder.name).containsEntry("stale", false).containsEntry("status", "degraded");
            assertThat((String) health.get("note")).startsWith("holder " + holder.name + "'s report of " + shown.at());
        }
    }

    @Test
    void afterTheHolderIsKilledTheNextHolderPublishes() {
        Fleet.Agent holder = fleet.leader();
        Await.until(Duration.ofSeconds(15), "every follower shows the first holder's report", () -> everyFollowerShows(holder));
        long killedAt = System.nanoTime();
        holder.kill();
        Fleet.Agent next = fleet.leader();
        Await.until(Duration.ofSeconds(15), "every follower shows the next holder's report", () -> everyFollowerShows(next));
        System.out.printf("followers show the next holder's report %d ms after the holder was killed (lease %d ms)%n",
                Duration.ofNanos(System.nanoTime() - killedAt).toMillis(), Fleet.LEASE.toMillis());
        assertThat(next).isNotSameAs(holder);
        assertThat(runners.get(next).results().report().shared()).isFalse();
        for (Fleet.Agent other : fleet.others(next)) {
            if (other != holder) {
                assertThat(runners.get(other).objects().requests()).as(other.name + " sends no cluster read").isZero();
            }
        }
    }

    @Test
    void onlyTheHolderReadsTheCluster() {
        Fleet.Agent holder = fleet.leader();
        Runner mine = runners.get(holder);
        Await.until(Duration.ofSeconds(10), "three runs by the holder, shown by every follower",
                () -> mine.objects().requests() >= 6 && everyFollowerShows(holder));
        ticker.shutdownNow();
        Await.until(Duration.ofSeconds(5), "the ticker stopped", ticker::isTerminated);

        assertThat(readsAtTheServer()).as("every check read at the API server came from the holder").isEqualTo(mine.objects().requests());
        assertThat(mine.results().report().ranBy()).isEqualTo(holder.name);
        assertThat(mine.results().report().results().get("api-tls").status()).isEqualTo(DependencyStatus.DEGRADED);
        for (Fleet.Agent other : fleet.others(holder)) {
            Runner r = runners.get(other);
            assertThat(r.objects().requests()).as(other.name + " sends no read").isZero();
            assertThat(r.results().report().ranBy()).as("shows the holder's report").isEqualTo(holder.name);
        }
    }

    @Test
    void theNextHolderTakesOverWithinOneLeaseDurationPlusOneInterval() {
        Fleet.Agent holder = fleet.leader();
        Await.until(Duration.ofSeconds(10), "a first run", () -> runners.get(holder).results().report().measured());
        long killedAt = System.nanoTime();
        holder.kill();
        Fleet.Agent next = Await.value(Duration.ofSeconds(15), "another agent's measured results", () -> fleet.others(holder).stream()
                .filter(a -> runners.get(a).results().report().measured() && !runners.get(a).results().report().shared()).findFirst());
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);

        System.out.printf("cluster checks takeover after the holder was killed: %d ms (bound %d ms)%n", takeover.toMillis(),
                Fleet.LEASE.plus(INTERVAL).toMillis());
        assertThat(takeover).isLessThanOrEqualTo(Fleet.LEASE.plus(INTERVAL));
        assertThat(next.leading()).isTrue();
        assertThat(runners.get(next).results().report().ranBy()).isEqualTo(next.name);
        long before = runners.get(next).objects().requests();
        Await.until(Duration.ofSeconds(5), "the new holder's next run", () -> runners.get(next).objects().requests() > before);
        for (Fleet.Agent other : fleet.others(next)) {
            if (other != holder) {
                assertThat(runners.get(other).objects().requests()).as(other.name + " sends no read").isZero();
            }
        }
    }

    private long readsAtTheServer() {
        return READS.stream().mapToLong(fleet.api::count).sum();
    }
}
