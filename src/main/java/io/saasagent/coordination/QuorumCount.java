package io.saasagent.coordination;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quorum rule, kept pure so that it is tested without Kubernetes. A peer is live when its pod is
 * Running and not terminating, and Ready or holding a fresh verdict (a pod made unready by its own
 * critical dependencies still speaks). It agrees when it is live and its fresh verdict names the same
 * dependency down from an outage. This agent counts itself live and answers from its own latest verdict. Stale or missing
 * verdicts stay in the count of live agents and do not agree, so a silent majority can never be
 * outvoted by the few that speak.
 */
public final class QuorumCount {
    /** How many peers /failover lists one by one; the counts always cover all. */
    static final int PEERS_SHOWN = 50;

    private QuorumCount() {
    }

    /** The decision and the per-peer view behind it (for /failover and the Event's evidence). */
    public record Census(QuorumDecision decision, int peersSeen, List<Map<String, Object>> peers) {
    }

    public static Census count(String self, Verdict own, List<Peer> peers, String failure, Instant now, Duration maxAge,
                               String selector) {
        return count(self, own, peers, v -> v.sees(failure), failure + " down", now, maxAge, selector);
    }

    private static Census count(String self, Verdict own, List<Peer> peers, java.util.function.Predicate<Verdict> agreesOn, String what,
                                Instant now, Duration maxAge, String selector) {
        Instant oldest = now.minus(maxAge);
        List<String> agreeing = new ArrayList<>();
        List<Map<String, Object>> view = new ArrayList<>();
        int live = 0;
        boolean selfFound = false;
        for (Peer peer : peers) {
            boolean isSelf = peer.name().equals(self);
            selfFound |= isSelf;
            Verdict verdict = isSelf ? own : peer.verdict();
            boolean fresh = verdict != null && (isSelf || !verdict.at().isBefore(oldest));
            boolean isLive = isSelf || (peer.running() && (peer.ready() || fresh));
            boolean agrees = isLive && fresh && agreesOn.test(verdict);
            live += isLive ? 1 : 0;
            if (agrees) {
                agreeing.add(peer.name());
            }
            if (view.size() < PEERS_SHOWN) {
                view.add(describe(peer, isSelf, isLive, fresh, agrees, verdict, now));
            }
        }
        if (!selfFound) {
            return new Census(QuorumDecision.refused(0, live, List.of(), "peer-selector '" + selector
                    + "' does not select this agent's own pod '" + self + "': fix agent.coordination.peer-selector"), peers.size(), view);
        }
        int agree = agreeing.size();
        QuorumDecision decision = QuorumDecision.majority(agree, live)
                ? new QuorumDecision(true, agree, live, List.copyOf(agreeing), agree + " of " + live + " live agents see " + what)
                : QuorumDecision.refused(agree, live, List.copyOf(agreeing), "no quorum: " + agree + " of " + live
                + " live agents see " + what + ", at least " + (live / 2 + 1) + " needed");
        return new Census(decision, peers.size(), view);
    }

    /**
     * The quorum's view: every dependency that more than half of the live agents see down from an outage, this
     * agent's own view counting as one vote (so a majority acts even when the holder sees everything healthy).
     */
    public static List<String> down(String self, Verdict own, List<Peer> peers, Instant now, Duration maxAge, String selector) {
        java.util.Set<String> named = new java.util.LinkedHashSet<>(own == null ? List.of() : own.downDependencies());
        peers.stream().filter(p -> !p.name().equals(self) && p.verdict() != null && !p.verdict().at().isBefore(now.minus(maxAge)))
                .forEach(p -> named.addAll(p.verdict().downDependencies()));
        return named.stream().filter(d -> count(self, own, peers, d, now, maxAge, selector).decision().reached()).toList();
    }

    /** The alert rules on shared dependencies that more than half of the live agents have firing: the fleet pages them once. */
    public static List<String> alerting(String self, Verdict own, List<Peer> peers, Instant now, Duration maxAge, String selector) {
        java.util.Set<String> named = new java.util.LinkedHashSet<>(own == null ? List.of() : own.alerts());
        peers.stream().filter(p -> !p.name().equals(self) && p.verdict() != null && !p.verdict().at().isBefore(now.minus(maxAge)))
                .forEach(p -> named.addAll(p.verdict().alerts()));
        return named.stream().filter(r -> count(self, own, peers, v -> v.alerting(r), r + " firing", now, maxAge, selector)
                .decision().reached()).toList();
    }

    private static Map<String, Object> describe(Peer peer, boolean self, boolean live, boolean fresh, boolean agrees,
                                                Verdict verdict, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent", peer.name());
        m.put("self", self);
        m.put("live", live);
        m.put("ready", peer.ready());
        m.put("agrees", agrees);
        if (verdict == null) {
            m.put("verdict", peer.verdictMalformed() ? "unreadable" : "none");
        } else {
            m.put("verdict", fresh ? "fresh" : "stale");
            m.put("failures", verdict.failures());
            m.put("down", verdict.downDependencies());
            m.put("age_seconds", Math.max(0, Duration.between(verdict.at(), now).toSeconds()));
        }
        return m;
    }
}
