package io.saasagent.coordination;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.saasagent.config.TestConfigs;
import io.saasagent.testing.Await;
import io.saasagent.testing.FaultProxy;
import io.saasagent.testing.FreePorts;
import io.saasagent.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Leader election over a Lease with fabric8's elector, against the mock API server in CRUD mode. */
@Timeout(60)
class LeaseElectionTest {
    static final Duration LEASE = Duration.ofMillis(2_000);
    static final Duration RENEW = Duration.ofMillis(1_500);
    static final Duration RETRY = Duration.ofMillis(200);
    static final Duration CANDIDATE_RETRY = Duration.ofMillis(300);
    /** A candidate notices an expired lease within its jittered retry (up to 2.2 x) plus a request. */
    static final Duration TAKEOVER_SLACK = CANDIDATE_RETRY.multipliedBy(3);

    private final MockApi api = new MockApi();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        api.close();
    }

    private KubernetesCoordinator agent(String name, int apiPort, Clock clock) {
        api.createPod(name, true);
        KubernetesCoordinator c = new KubernetesCoordinator(api.clientAt(apiPort),
                MockApi.settings(name, LEASE, RENEW, RETRY, CANDIDATE_RETRY), clock);
        closeables.add(0, c);
        return c.start();
    }

    private KubernetesCoordinator agent(String name) {
        return agent(name, api.port(), Clock.systemUTC());
    }

    private FaultProxy proxy() {
        FaultProxy p = FaultProxy.to(api.port());
        closeables.add(p);
        return p;
    }

    private static Optional<KubernetesCoordinator> soleLeader(List<KubernetesCoordinator> agents) {
        List<KubernetesCoordinator> leading = agents.stream().filter(KubernetesCoordinator::leading).toList();
        return leading.size() == 1 ? Optional.of(leading.get(0)) : Optional.empty();
    }

    private String holder() {
        Lease lease = api.admin().leases().inNamespace(MockApi.NAMESPACE).withName("saas-agent-failover").get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void exactlyOneOfSeveralAgentsLeadsAndTheLeaseNamesIt() {
        List<KubernetesCoordinator> agents = List.of(agent("agent-0"), agent("agent-1"), agent("agent-2"));

        KubernetesCoordinator leader = Await.value(Duration.ofSeconds(10), "one leader", () -> soleLeader(agents));

        Await.holds(LEASE, "never more than one leader", () -> agents.stream().filter(KubernetesCoordinator::leading).count() <= 1);
        assertThat(holder()).isEqualTo(leader.identity());
        assertThat(leader.isLeader()).isTrue();
        for (KubernetesCoordinator other : agents) {
            if (other != leader) {
                assertThat(other.isLeader()).isFalse();
                assertThat(other.summary()).containsEntry("leader", false).containsEntry("holder", leader.identity());
            }
        }
        assertThat(leader.summary()).containsEntry("mode", "kubernetes").containsEntry("leader", true)
                .containsEntry("identity", leader.identity());
    }

    @Test
    void whenTheHolderStopsRenewingAnotherTakesOverWithinTheLeaseDuration() {
        FaultProxy leaderLink = proxy();
        KubernetesCoordinator first = agent("agent-0", leaderLink.port(), Clock.systemUTC());
        Await.until(Duration.ofSeconds(10), "agent-0 leads", first::leading);
        List<KubernetesCoordinator> others = List.of(agent("agent-1"), agent("agent-2"));
        Await.holds(CANDIDATE_RETRY.multipliedBy(2), "agent-0 keeps the lease while it renews",
                () -> others.stream().noneMatch(KubernetesCoordinator::leading));

        // agent-0 loses the API (its node is cut off): it can neither renew nor release.
        leaderLink.set(FaultProxy.Mode.REFUSE);
        long cut = System.nanoTime();

        KubernetesCoordinator next = Await.value(LEASE.plus(TAKEOVER_SLACK).plusSeconds(2), "another agent takes over",
                () -> soleLeader(others));
        Duration took = Duration.ofNanos(System.nanoTime() - cut);
        assertThat(took).as("takeover after the lease expired").isLessThanOrEqualTo(LEASE.plus(TAKEOVER_SLACK).plusMillis(500));
        assertThat(holder()).isEqualTo(next.identity());
        assertThat(next.isLeader()).isTrue();

        // The cut-off agent gave up after renew-deadline, before the others could take over, and never
        // believes it may write: it cannot confirm the lease, and says why.
        assertThat(first.leading()).isFalse();
        assertThat(first.isLeader()).isFalse();
        assertThat(first.summary().get("last_lease_check").toString())
                .contains("lease cannot be confirmed: kubernetes API unreachable");
    }

    @Test
    void aCleanShutdownReleasesTheLeaseSoTheNextTakesOverBeforeItWouldExpire() throws Exception {
        KubernetesCoordinator first = agent("agent-0");
        Await.until(Duration.ofSeconds(10), "agent-0 leads", first::leading);
        KubernetesCoordinator second = agent("agent-1");
        Await.holds(CANDIDATE_RETRY.multipliedBy(2), "agent-0 keeps it", () -> !second.leading());

        long stop = System.nanoTime();
        first.close();

        Await.until(LEASE, "agent-1 leads before agent-0's lease would have expired", second::leading);
        assertThat(Duration.ofNanos(System.nanoTime() - stop)).isLessThan(LEASE);
    }

    @Test
    void fencingRefusesAWriteOnceAnotherHolderTookTheLeaseEvenBeforeTheElectorNotices() {
        KubernetesCoordinator leader = agent("agent-0");
        Await.until(Duration.ofSeconds(10), "agent-0 leads", leader::leading);

        // Another writer holds the lease now (e.g. it judged ours expired across a clock jump). The edit
        // races the holder's renewals (409 on a stale version): try again until it lands.
        Await.until(Duration.ofSeconds(10), "agent-9 takes the lease", () -> {
            try {
                api.admin().leases().inNamespace(MockApi.NAMESPACE).withName("saas-agent-failover").edit(l -> {
                    l.getSpec().setHolderIdentity("agent-9");
                    l.getSpec().setRenewTime(ZonedDateTime.now());
                    return l;
                });
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                return false;
            }
        });

        assertThat(leader.isLeader()).isFalse();
        assertThat(leader.summary().get("last_lease_check").toString()).contains("lease held by agent-9");
    }

    @Test
    void fencingRefusesAWriteWhenTheLeaseWasNotRenewedWithinRenewDeadlineByTheInjectedClock() {
        MutableClock clock = new MutableClock();
        KubernetesCoordinator leader = agent("agent-0", api.port(), clock);
        Await.until(Duration.ofSeconds(10), "agent-0 leads", leader::leading);
        assertThat(leader.isLeader()).isTrue();

        // The holder's own clock says its last renewal is older than renew-deadline: it may be about
        // to lose the lease to a peer, so it must not start a write.
        clock.advance(RENEW.plusSeconds(1));

        assertThat(leader.isLeader()).isFalse();
        assertThat(leader.summary().get("last_lease_check").toString()).contains("more than renew-deadline");
    }

    @Test
    void theDefaultTimingsPassFabric8sOwnChecksAndElect() {
        api.createPod("agent-0", true);
        CoordinationSettings defaults = CoordinationSettings.resolve(TestConfigs.agent(Map.of()).coordination(),
                Map.of("POD_NAME", "agent-0", "POD_NAMESPACE", MockApi.NAMESPACE)::get, Path.of("/nonexistent"), null);
        KubernetesCoordinator c = new KubernetesCoordinator(api.client(), defaults, Clock.systemUTC());
        closeables.add(0, c);
        c.start();
        Await.until(Duration.ofSeconds(10), "agent-0 leads with the default timings", c::isLeader);
    }

    @Test
    void anAgentThatCannotReachTheApiNeverLeadsAndSaysWhy() {
        int closed = FreePorts.next();
        KubernetesCoordinator cutOff = agent("agent-0", closed, Clock.systemUTC());

        Await.holds(CANDIDATE_RETRY.multipliedBy(3), "never leads", () -> !cutOff.leading());
        assertThat(cutOff.isLeader()).isFalse();
        QuorumDecision quorum = cutOff.quorum("health_check_failure");
        assertThat(quorum.reached()).isFalse();
        assertThat(quorum.reason()).startsWith("kubernetes API unreachable: connection refused");
        assertThat(cutOff.summary().get("last_quorum").toString()).contains("kubernetes API unreachable");
    }
}
