package io.saasagent.failover;

import io.saasagent.coordination.Coordinator;
import io.saasagent.coordination.Decision;
import io.saasagent.coordination.QuorumDecision;
import io.saasagent.coordination.Verdict;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A coordinator whose lease and quorum answers the test sets (or scripts, one answer per call). */
final class FakeCoordinator implements Coordinator {
    final List<Decision> decisions = new CopyOnWriteArrayList<>();
    final List<Verdict> verdicts = new CopyOnWriteArrayList<>();
    final Deque<Boolean> leaderScript = new ArrayDeque<>();
    volatile boolean leader = true;
    volatile boolean quorum = true;
    volatile int quorumCalls;

    @Override
    public synchronized boolean isLeader() {
        return leaderScript.isEmpty() ? leader : leaderScript.removeFirst();
    }

    @Override
    public String identity() {
        return "agent-0";
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
