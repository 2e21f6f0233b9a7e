package io.saasagent.coordination;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The quorum rule on its own: who is live, who agrees, and the reason when it is not reached. */
class QuorumCountTest {
    static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    static final Duration MAX_AGE = Duration.ofMinutes(2);
    static final String FAILURE = "health_check_failure";

    private static Verdict sees(String agent, Instant at) {
        return new Verdict(agent, List.of(FAILURE), List.of("redis"), at);
    }

    private static Verdict healthy(String agent, Instant at) {
        return new Verdict(agent, List.of(), List.of(), at);
    }

    private static Peer peer(String name, Verdict verdict) {
        return new Peer(name, true, true, verdict, false);
    }

    private static QuorumDecision count(Verdict own, List<Peer> peers) {
        return QuorumCount.count("agent-0", own, peers, "redis", NOW, MAX_AGE, MockApi.SELECTOR).decision();
    }

    private static List<Peer> fivePeersOfWhichSee(int seeing) {
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "agent-" + i;
            peers.add(peer(name, i < seeing ? sees(name, NOW.minusSeconds(5)) : healthy(name, NOW.minusSeconds(5))));
        }
        return peers;
    }

    @Test
    void threeOfFiveIsAQuorum() {
        QuorumDecision d = count(sees("agent-0", NOW), fivePeersOfWhichSee(3));
        assertThat(d.reached()).isTrue();
        assertThat(d.agreeing()).isEqualTo(3);
        assertThat(d.live()).isEqualTo(5);
        assertThat(d.agreeingAgents()).containsExactly("agent-0", "agent-1", "agent-2");
        assertThat(d.reason()).isEqualTo("3 of 5 live agents see redis down");
    }

    @Test
    void twoOfFiveIsNotAndTheReasonGivesTheCounts() {
        QuorumDecision d = count(sees("agent-0", NOW), fivePeersOfWhichSee(2));
        assertThat(d.reached()).isFalse();
        assertThat(d.reason()).isEqualTo("no quorum: 2 of 5 live agents see redis down, at least 3 needed");
    }

    @Test
    void halfIsNotMoreThanHalf() {
        List<Peer> peers = fivePeersOfWhichSee(2).subList(0, 4);
        QuorumDecision d = count(sees("agent-0", NOW), peers);
        assertThat(d.agreeing()).isEqualTo(2);
        assertThat(d.live()).isEqualTo(4);
        assertThat(d.reached()).isFalse();
    }

    @Test
    void aStaleVerdictDoesNotAgreeButItsAgentStillCountsAsLive() {
        List<Peer> peers = fivePeersOfWhichSee(3);
        peers.set(2, peer("agent-2", sees("agent-2", NOW.minus(MAX_AGE).minusSeconds(1))));
        QuorumDecision d = count(sees("agent-0", NOW), peers);
        assertThat(d.agreeing()).isEqualTo(2);
        assertThat(d.live()).isEqualTo(5);
        assertThat(d.reached()).isFalse();
    }

    @Test
    void aPodWithoutAVerdictCountsAsLiveAndNotAgreeing() {
        List<Peer> peers = fivePeersOfWhichSee(3);
        peers.add(peer("agent-5", null));
        peers.add(new Peer("agent-6", true, true, null, true));
        QuorumDecision d = count(sees("agent-0", NOW), peers);
        assertThat(d.live()).isEqualTo(7);
        assertThat(d.agreeing()).isEqualTo(3);
        assertThat(d.reached()).isFalse();
    }

    @Test
    void notRunningOrTerminatingPodsAreNotLive() {
        List<Peer> peers = fivePeersOfWhichSee(3);
        peers.set(3, new Peer("agent-3", false, false, healthy("agent-3", NOW), false));
        peers.set(4, new Peer("agent-4", false, true, null, false));
        QuorumDecision d = count(sees("agent-0", NOW), peers);
        assertThat(d.live()).isEqualTo(3);
        assertThat(d.reached()).isTrue();
    }

    @Test
    void anUnreadyPodStillSpeaksWhileItsVerdictIsFreshButNotWithoutOne() {
        List<Peer> peers = fivePeersOfWhichSee(1);
        // Made unready by its own critical dependency (readiness-includes-critical): still live, agrees.
        peers.set(1, new Peer("agent-1", true, false, sees("agent-1", NOW.minusSeconds(1)), false));
        peers.set(2, new Peer("agent-2", true, false, sees("agent-2", NOW.minusSeconds(1)), false));
        // Unready and silent (starting, or its agent broken): not live.
        peers.set(3, new Peer("agent-3", true, false, null, false));
        QuorumDecision d = count(sees("agent-0", NOW), peers);
        assertThat(d.live()).isEqualTo(4);
        assertThat(d.agreeing()).isEqualTo(3);
        assertThat(d.reached()).isTrue();
    }

    @Test
    void thisAgentCountsFromItsOwnLatestVerdictNotFromItsPodsAnnotation() {
        List<Peer> peers = fivePeersOfWhichSee(0);
        peers.set(1, peer("agent-1", sees("agent-1", NOW)));
        peers.set(2, peer("agent-2", sees("agent-2", NOW)));
        // Its annotation still says healthy (the patch is on its way), its own verdict says failure.
        assertThat(count(sees("agent-0", NOW.minus(Duration.ofHours(1))), peers).reached()).isTrue();
        assertThat(count(healthy("agent-0", NOW), peers).reached()).isFalse();
    }

    @Test
    void aSelectorThatMissesThisAgentsOwnPodRefusesAndSaysWhichKeyToFix() {
        List<Peer> peers = fivePeersOfWhichSee(5).subList(1, 5);
        QuorumDecision d = count(sees("agent-0", NOW), peers);
        assertThat(d.reached()).isFalse();
        assertThat(d.reason()).contains("does not select this agent's own pod 'agent-0'").contains("agent.coordination.peer-selector");
    }

    @Test
    void theCensusListsPeersForFailoverWithTheirState() {
        List<Peer> peers = fivePeersOfWhichSee(3);
        peers.set(4, peer("agent-4", sees("agent-4", NOW.minus(Duration.ofHours(1)))));
        QuorumCount.Census census = QuorumCount.count("agent-0", sees("agent-0", NOW), peers, "redis", NOW, MAX_AGE, MockApi.SELECTOR);
        assertThat(census.peersSeen()).isEqualTo(5);
        assertThat(census.peers().get(0)).containsEntry("agent", "agent-0").containsEntry("self", true).containsEntry("agrees", true);
        assertThat(census.peers().get(4)).containsEntry("verdict", "stale").containsEntry("agrees", false).containsEntry("age_seconds", 3600L);
    }

    private static Verdict down(String agent, String dependency) {
        return new Verdict(agent, List.of(FAILURE), List.of(dependency), NOW.minusSeconds(5));
    }

    /** Every agent names the same rule, health_check_failure: counted by rule it was 3 of 5, a quorum. */
    @Test
    void twoAgentsSeeingPostgresDownAndOneSeeingRedisDownAreNoQuorumForPostgres() {
        Verdict own = down("agent-0", "postgres");
        List<Peer> peers = List.of(peer("agent-0", own), peer("agent-1", down("agent-1", "postgres")),
                peer("agent-2", down("agent-2", "redis")), peer("agent-3", healthy("agent-3", NOW)), peer("agent-4", healthy("agent-4", NOW)));

        QuorumDecision postgres = QuorumCount.count("agent-0", own, peers, "postgres", NOW, MAX_AGE, MockApi.SELECTOR).decision();
        assertThat(postgres.reached()).isFalse();
        assertThat(postgres.agreeingAgents()).containsExactly("agent-0", "agent-1");
        assertThat(postgres.reason()).isEqualTo("no quorum: 2 of 5 live agents see postgres down, at least 3 needed");
        assertThat(QuorumCount.count("agent-0", own, peers, "redis", NOW, MAX_AGE, MockApi.SELECTOR).decision().reached()).isFalse();
        assertThat(QuorumCount.down("agent-0", own, peers, NOW, MAX_AGE, MockApi.SELECTOR)).as("the quorum sees nothing down").isEmpty();

        List<Peer> three = peers.subList(0, 3);
        assertThat(QuorumCount.count("agent-0", own, three, "postgres", NOW, MAX_AGE, MockApi.SELECTOR).decision().reached())
                .as("of three agents, two on postgres are a majority for postgres, and only for it").isTrue();
        assertThat(QuorumCount.down("agent-0", own, three, NOW, MAX_AGE, MockApi.SELECTOR)).containsExactly("postgres");
    }

    @Test
    void aHolderThatSeesEverythingHealthyIsOneVoteAndAMajorityStillSeesTheDependencyDown() {
        Verdict own = healthy("agent-0", NOW);
        List<Peer> peers = List.of(peer("agent-0", own), peer("agent-1", down("agent-1", "redis")), peer("agent-2", down("agent-2", "redis")));

        QuorumDecision d = QuorumCount.count("agent-0", own, peers, "redis", NOW, MAX_AGE, MockApi.SELECTOR).decision();
        assertThat(d.reached()).isTrue();
        assertThat(d.reason()).isEqualTo("2 of 3 live agents see redis down");
        assertThat(QuorumCount.down("agent-0", own, peers, NOW, MAX_AGE, MockApi.SELECTOR)).containsExactly("redis");
    }

    @Test
    void anAlertRuleIsTheFleetsWhenAMajorityHasItFiring() {
        Verdict own = healthy("agent-0", NOW);
        Verdict alerting = new Verdict("x", List.of(), List.of(), List.of("credentials_rejected"), NOW.minusSeconds(5));
        List<Peer> peers = List.of(peer("agent-0", own), peer("agent-1", alerting), peer("agent-2", alerting));
        assertThat(QuorumCount.alerting("agent-0", own, peers, NOW, MAX_AGE, MockApi.SELECTOR)).containsExactly("credentials_rejected");
        assertThat(QuorumCount.alerting("agent-0", own, List.of(peers.get(0), peers.get(1), peer("agent-2", healthy("agent-2", NOW))),
                NOW, MAX_AGE, MockApi.SELECTOR)).as("one pod of three: its own problem, no fleet page").isEmpty();
    }
}
