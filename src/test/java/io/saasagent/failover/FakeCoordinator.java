package io.saasagent.failover;

import io.saasagent.coordination.Coordinator;
import io.saasagent.coordination.Decision;
import io.saasagent.coordination.QuorumDecision;
import io.saasagent.coordination.RecordStore;
import io.saasagent.coordination.Verdict;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A coordinator whose lease and quorum answers the test sets (or scripts, one answer per call). */
final class FakeCoordinator implements Coordinator {
    final List<Decision> decisions = new CopyOnWriteArrayList<>();
    final List<Verdict> verdicts = new CopyOnWriteArrayList<>();
    final Deque<Boolean> leaderScript = new ArrayDeque<>();
    volatile boolean leader = true;
    volatile boolean quorum = true;
    volatile int quorumCalls;
    /** Lease confirmations asked (the fence), counted. */
    volatile int leaseChecks;
    /** The fleet's record: shared by the worlds of one test to stand for one fleet, or kept across a restart. */
    volatile RecordStore store = RecordStore.memory();
    volatile String identity = "agent-0";
    /** The quorum's view the test sets: dependencies down, alert rules firing. */
    volatile List<String> fleetDown = List.of();
    volatile List<String> fleetAlerts = List.of();
    /** When set, the quorum's view of what is down is this agent's own last verdict (a fleet that agrees with it). */
    volatile boolean fleetDownFromVerdicts;
    /** While set, holdsLease() waits on it: a step blocked (an API call that never returns). */
    volatile java.util.concurrent.CountDownLatch blockSteps;

    @Override
    public synchronized boolean isLeader() {
        leaseChecks++;
        return leaderScript.isEmpty() ? leader : leaderScript.removeFirst();
    }

    @Override
    public boolean holdsLease() {
        java.util.concurrent.CountDownLatch block = blockSteps;
        if (block != null) {
            try {
                block.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return leader;
    }

    @Override
    public Optional<String> holder() {
        return Optional.of(leader ? identity : "agent-holder");
    }

    @Override
    public RecordStore recordStore() {
        return store;
    }

    @Override
    public Duration recordReadInterval() {
        return Duration.ofSeconds(5);
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public void publishVerdict(Verdict verdict) {
        verdicts.add(verdict);
    }

    @Override
    public QuorumDecision quorum(String failure) {
        quorumCalls++;
        return quorum ? new QuorumDecision(true, 3, 5, List.of("a", "b", "c"), "majority")
                : QuorumDecision.refused(1, 5, List.of("agent-0"), "only this agent sees it");
    }

    @Override
    public List<String> fleetDown() {
        if (fleetDownFromVerdicts) {
            return verdicts.isEmpty() ? List.of() : verdicts.get(verdicts.size() - 1).downDependencies();
        }
        return fleetDown;
    }

    @Override
    public List<String> fleetAlerts() {
        return fleetAlerts;
    }

    @Override
    public void record(Decision decision) {
        decisions.add(decision);
    }

    @Override
    public Map<String, Object> summary() {
        return Map.of("mode", "fake");
    }

    List<String> kinds() {
        return decisions.stream().map(Decision::kind).toList();
    }

    long count(String kind) {
        return decisions.stream().filter(d -> d.kind().equals(kind)).count();
    }

    Decision last(String kind) {
        return decisions.stream().filter(d -> d.kind().equals(kind)).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("no decision " + kind + " in " + kinds()));
    }
}
