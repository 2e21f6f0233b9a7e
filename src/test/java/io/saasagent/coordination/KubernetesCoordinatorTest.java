package io.saasagent.coordination;

import io.fabric8.kubernetes.api.model.Event;
import io.saasagent.support.Redactor;
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

import static org.assertj.core.api.Assertions.assertThat;

/** Verdicts on the pods, the quorum the leader counts from them, and decisions as Events: against the mock API. */
@Timeout(60)
class KubernetesCoordinatorTest {
    static final String FAILURE = "health_check_failure";
    /** What the quorum counts: agents seeing the same dependency down. */
    static final String DOWN = "redis";
    static final Duration WAIT = Duration.ofSeconds(10);

    private final MockApi api = new MockApi();
    private final List<KubernetesCoordinator> agents = new ArrayList<>();

    @AfterEach
    void tearDown() {
        agents.forEach(KubernetesCoordinator::close);
        api.close();
    }

    private KubernetesCoordinator agent(String name, boolean ready, Duration verdictMaxAge, Duration eventMinInterval) {
        api.createPod(name, ready);
        KubernetesCoordinator c = new KubernetesCoordinator(api.client(), MockApi.settings(name, Duration.ofSeconds(2),
                Duration.ofMillis(1500), Duration.ofMillis(200), Duration.ofMillis(300), verdictMaxAge, eventMinInterval),
                Clock.systemUTC()).start();
        agents.add(c);
        return c;
    }

    private KubernetesCoordinator agent(String name) {
        return agent(name, true, Duration.ofMinutes(2), Duration.ZERO);
    }

    private static Verdict sees(String agent) {
        return new Verdict(agent, List.of(FAILURE), List.of("redis"), Instant.now());
    }

    private static Verdict healthy(String agent) {
        return new Verdict(agent, List.of(), List.of(), Instant.now());
    }

    private void awaitAnnotation(String pod, boolean seeing) {
        Await.until(WAIT, pod + "'s verdict annotation " + (seeing ? "names" : "does not name") + " the failure",
                () -> api.verdictOf(pod).map(v -> v.sees(DOWN) == seeing).orElse(false));
    }

    @Test
    void theLeaderCountsTheQuorumFromThePeersAnnotationsWithOnePodList() {
        for (int i = 0; i < 5; i++) {
            agent("agent-" + i);
        }
        for (int i = 0; i < 5; i++) {
            agents.get(i).publishVerdict(i < 3 ? sees("agent-" + i) : healthy("agent-" + i));
        }
        for (int i = 0; i < 5; i++) {
            awaitAnnotation("agent-" + i, i < 3);
        }
        api.resetCounts();

        QuorumDecision three = agents.get(0).quorum(DOWN);

        assertThat(api.counts()).as("the election runs on beside").containsEntry("LIST pods", 1L)
                .doesNotContainKeys("GET pods", "PATCH pods");
        assertThat(three.reached()).isTrue();
        assertThat(three.agreeing()).isEqualTo(3);
        assertThat(three.live()).isEqualTo(5);
        assertThat(three.agreeingAgents()).containsExactlyInAnyOrder("agent-0", "agent-1", "agent-2");

        agents.get(2).publishVerdict(healthy("agent-2"));
        awaitAnnotation("agent-2", false);
        QuorumDecision two = agents.get(0).quorum(DOWN);
        assertThat(two.reached()).isFalse();
        assertThat(two.reason()).isEqualTo("no quorum: 2 of 5 live agents see redis down, at least 3 needed");

        Map<String, Object> summary = agents.get(0).summary();
        assertThat(summary).containsEntry("peers_seen", 5);
        assertThat(summary.get("last_quorum").toString()).contains("reached=false", "agreeing=2", "live=5");
        assertThat((List<?>) summary.get("peers")).hasSize(5);
    }

    @Test
    void aVerdictIsWrittenOnlyWhenItChangesWhileHealthy() {
        KubernetesCoordinator a = agent("agent-0");
        Await.until(WAIT, "the first, empty verdict is written", () -> api.verdictOf("agent-0").isPresent());
        long before = api.count("PATCH pods");

        for (int i = 0; i < 20; i++) {
            a.publishVerdict(healthy("agent-0"));
        }
        a.publishVerdict(sees("agent-0"));
        awaitAnnotation("agent-0", true);
        for (int i = 0; i < 20; i++) {
            a.publishVerdict(sees("agent-0"));
        }
        a.publishVerdict(healthy("agent-0"));
        awaitAnnotation("agent-0", false);

        assertThat(api.count("PATCH pods") - before).as("one patch per change, none for repeats").isEqualTo(2);
    }

    @Test
    void whileItSeesAFailureAnAgentRefreshesItsVerdictSoItStaysFresh() {
        KubernetesCoordinator a = agent("agent-0", true, Duration.ofMillis(800), Duration.ZERO);
        a.publishVerdict(sees("agent-0"));
        awaitAnnotation("agent-0", true);
        Instant first = api.verdictOf("agent-0").orElseThrow().at();

        Await.until(WAIT, "the verdict is stamped again", () -> api.verdictOf("agent-0").orElseThrow().at().isAfter(first));

        a.publishVerdict(healthy("agent-0"));
        awaitAnnotation("agent-0", false);
        long patches = api.count("PATCH pods");
        Await.holds(Duration.ofMillis(800), "a healthy verdict is not refreshed", () -> api.count("PATCH pods") == patches);
    }

    @Test
    void aDependencySeenDownWithNoRuleFiringIsRefreshedTooSoTheVoteStaysFresh() {
        // A standby's probe of the primary region's endpoint: a vote for the take-over's quorum, no failover rule of its own.
        KubernetesCoordinator a = agent("agent-0", true, Duration.ofMillis(800), Duration.ZERO);
        a.publishVerdict(new Verdict("agent-0", List.of(), List.of("primary-api"), Instant.now()));
        Await.until(WAIT, "the vote is written", () -> api.verdictOf("agent-0").filter(v -> v.sees("primary-api")).isPresent());
        Instant first = api.verdictOf("agent-0").orElseThrow().at();

        Await.until(WAIT, "the vote is stamped again", () -> api.verdictOf("agent-0").orElseThrow().at().isAfter(first));
    }

    @Test
    void decisionsBecomeEventsOnTheAgentsOwnPodWithTheEvidenceAndNoSecret() {
        Redactor.register("hunter2-canary");
        KubernetesCoordinator a = agent("agent-0");
        a.record(new Decision("FailoverRefusedNoQuorum", "no quorum: 1 of 5 live agents see health_check_failure",
                Map.of("rule", FAILURE, "agreeing", 1, "live", 5, "url", "redis://:hunter2-canary@10.0.0.1:6379"), Instant.now()));

        Event event = Await.value(WAIT, "an Event on agent-0", () -> api.eventsOn("agent-0").stream().findFirst());

        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Pod");
        assertThat(event.getInvolvedObject().getNamespace()).isEqualTo(MockApi.NAMESPACE);
        assertThat(event.getInvolvedObject().getUid()).as("from one read of the pod, as POD_UID is not set").isNotBlank();
        assertThat(event.getReason()).isEqualTo("FailoverRefusedNoQuorum");
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getCount()).isEqualTo(1);
        assertThat(event.getReportingComponent()).isEqualTo("saas-agent");
        assertThat(event.getMessage()).contains("no quorum: 1 of 5 live agents", "rule=health_check_failure", "agreeing=1", "live=5")
                .doesNotContain("hunter2-canary");

        a.record(new Decision("FailoverRefusedNoQuorum", "no quorum: 2 of 5 live agents see health_check_failure", Map.of(), Instant.now()));
        Await.until(WAIT, "the same Event counts the repeat", () -> api.eventsOn("agent-0").get(0).getCount() == 2);
        assertThat(api.eventsOn("agent-0")).hasSize(1);
        assertThat(api.eventsOn("agent-0").get(0).getMessage()).startsWith("no quorum: 2 of 5");

        a.record(new Decision("DnsWritten", "api.example.test. A -> 198.51.100.10", Map.of("change", "42"), Instant.now()));
        Event written = Await.value(WAIT, "a second Event for another kind", () -> api.eventsOn("agent-0").stream()
                .filter(e -> e.getReason().equals("DnsWritten")).findFirst());
        assertThat(written.getType()).isEqualTo("Normal");
    }

    @Test
    void repeatsWithinTheMinimumIntervalAreFoldedIntoOneLaterWrite() {
        KubernetesCoordinator a = agent("agent-0", true, Duration.ofMinutes(2), Duration.ofMillis(700));
        Decision d = new Decision("FailoverRefusedNoLease", "not the lease holder", Map.of(), Instant.now());
        a.record(d);
        Await.until(WAIT, "the first is written at once", () -> api.eventsOn("agent-0").size() == 1);
        for (int i = 0; i < 50; i++) {
            a.record(d);
        }

        Await.until(WAIT, "the 50 repeats arrive as one count", () -> api.eventsOn("agent-0").get(0).getCount() == 51);
        assertThat(api.count("POST events") + api.count("PATCH events")).as("one create, one folded patch").isEqualTo(2);
    }

    @Test
    void aRefusalMayComeFromAPodListUpToRetryPeriodOldButAGoAlwaysFromAFreshOne() {
        // retry-period 30 s: the window in which a refusal is answered from the last list.
        for (int i = 0; i < 5; i++) {
            api.createPod("agent-" + i, true);
            agents.add(new KubernetesCoordinator(api.client(), MockApi.settings("agent-" + i, Duration.ofSeconds(120),
                    Duration.ofSeconds(90), Duration.ofSeconds(30), Duration.ofSeconds(30)), Clock.systemUTC()).start());
        }
        KubernetesCoordinator a = agents.get(0);
        agents.get(1).publishVerdict(sees("agent-1"));
        agents.get(2).publishVerdict(sees("agent-2"));
        for (int i = 0; i < 5; i++) {
            awaitAnnotation("agent-" + i, i == 1 || i == 2);
        }
        api.resetCounts();

        for (int i = 0; i < 10; i++) {
            assertThat(a.quorum(DOWN).reached()).isFalse();
        }
        assertThat(api.count("LIST pods")).as("an engine retrying a refusal does not list every pod each time").isEqualTo(1);

        // Meanwhile the peers recover; agent-0 now sees the failure itself. Its last list would make that
        // 3 of 5, but a yes is only ever given from a fresh list, which says 1 of 5.
        agents.get(1).publishVerdict(healthy("agent-1"));
        agents.get(2).publishVerdict(healthy("agent-2"));
        awaitAnnotation("agent-1", false);
        awaitAnnotation("agent-2", false);
        a.publishVerdict(sees("agent-0"));

        QuorumDecision d = a.quorum(DOWN);
        assertThat(d.reached()).isFalse();
        assertThat(d.reason()).startsWith("no quorum: 1 of 5");
        assertThat(api.count("LIST pods")).isEqualTo(2);
    }

    @Test
    void withoutItsOwnPodInThePeersTheAgentNeverCountsItselfAQuorum() {
        KubernetesCoordinator a = agent("agent-0");
        api.admin().pods().inNamespace(MockApi.NAMESPACE).withName("agent-0").edit(p -> {
            p.getMetadata().getLabels().put(MockApi.APP_LABEL, "something-else");
            return p;
        });
        a.publishVerdict(sees("agent-0"));

        QuorumDecision d = a.quorum(DOWN);
        assertThat(d.reached()).isFalse();
        assertThat(d.reason()).contains("does not select this agent's own pod");
    }
}
