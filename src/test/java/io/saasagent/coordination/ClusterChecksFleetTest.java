package io.saasagent.coordination;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.saasagent.cluster.ClusterCheckRunner;
import io.saasagent.cluster.ClusterChecksConfig;
import io.saasagent.cluster.ClusterObjects;
import io.saasagent.cluster.ClusterResults;
import io.saasagent.cluster.ClusterResultsShare;
import io.saasagent.state.DependencyStatus;
import io.saasagent.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Clock;
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
 * Five whole agents of the fleet harness, each with its own cluster-check runner and its own API client
 * (through its own link), asked for leadership the way the agent asks (the elector's word): only the
 * holder reads the cluster, counted at the mock API server; after the holder is killed the next holder
 * has measured results within one lease duration plus one interval.
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
        Instant now = Instant.now();
        create("cert-manager.io", "v1", "Certificate", "certificates", Map.of("metadata", Map.of("name", "api-tls"),
                "status", Map.of("notAfter", now.plus(Duration.ofDays(60)).toString(),
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
                    ClusterResultsShare.NONE, agent.name, Clock.systemUTC());
            runners.put(agent, new Runner(runner, objects, results));
        }
        fleet.leader();
        fleet.api.resetCounts();
        ticker.scheduleWithFixedDelay(() -> runners.forEach((agent, r) -> {
            if (agent.alive()) {
                r.runner().tick();
            }
        }), 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
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

    private long readsAtTheServer() {
        return READS.stream().mapToLong(fleet.api::count).sum();
    }

    @Test
    void onlyTheHolderReadsTheCluster() {
        Fleet.Agent holder = fleet.leader();
        Runner mine = runners.get(holder);
        Await.until(Duration.ofSeconds(10), "three runs by the holder", () -> mine.objects().requests() >= 6);
        ticker.shutdownNow();
        Await.until(Duration.ofSeconds(5), "the ticker stopped", ticker::isTerminated);

        assertThat(readsAtTheServer()).as("every check read at the API server came from the holder").isEqualTo(mine.objects().requests());
        assertThat(mine.results().report().ranBy()).isEqualTo(holder.name);
        assertThat(mine.results().report().results().get("api-tls").status()).isEqualTo(DependencyStatus.HEALTHY);
        for (Fleet.Agent other : fleet.others(holder)) {
            Runner r = runners.get(other);
            assertThat(r.objects().requests()).as(other.name + " sends no read").isZero();
            assertThat(r.results().report().measured()).isFalse();
            assertThat(r.results().report().results().get("secrets").reason()).isEqualTo("not the holder (held by " + holder.name + ")");
        }
    }

    @Test
    void theNextHolderTakesOverWithinOneLeaseDurationPlusOneInterval() {
        Fleet.Agent holder = fleet.leader();
        Await.until(Duration.ofSeconds(10), "a first run", () -> runners.get(holder).results().report().measured());
        long killedAt = System.nanoTime();
        holder.kill();
        Fleet.Agent next = Await.value(Duration.ofSeconds(15), "another agent's measured results", () -> fleet.others(holder).stream()
                .filter(a -> runners.get(a).results().report().measured()).findFirst());
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
}
