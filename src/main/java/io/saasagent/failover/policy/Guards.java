package io.saasagent.failover.policy;

import io.saasagent.coordination.Coordinator;
import io.saasagent.coordination.QuorumDecision;
import io.saasagent.state.DependencySnapshot;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks before a DNS write, in this order: the DR target is healthy (its own probe), the policy
 * has not failed over within the cooldown, this agent holds the lease, and a quorum of the agents sees
 * the same dependency down from an outage (this agent's own view one vote among them). The lease comes before the quorum so that the agents that will not write do not
 * load the Kubernetes API with quorum reads. An operator's trigger skips the cooldown and the quorum
 * (the operator is the quorum) but never the DR target or the lease.
 */
public final class Guards {
    private final FailoverSettings settings;
    private final Coordinator coordinator;

    public Guards(FailoverSettings settings, Coordinator coordinator) {
        this.settings = settings;
        this.coordinator = coordinator;
    }

    /** The first guard that refuses, or null when all pass. */
    public Refusal check(List<DependencySnapshot> snapshots, Instant now, Instant lastFailoverAt, List<String> dependencies, boolean manual) {
        Refusal refusal = drTarget(snapshots);
        if (refusal == null && !manual) {
            refusal = cooldown(now, lastFailoverAt);
        }
        if (refusal == null) {
            refusal = lease();
        }
        if (refusal == null && !manual) {
            refusal = quorum(dependencies);
        }
        return refusal;
    }

    /** Null when the DR target's own probe says it is healthy (or degraded); the refusal otherwise. */
    public Refusal drTarget(List<DependencySnapshot> snapshots) {
        String dr = settings.drDependency();
        if (dr == null) {
            return Refusal.drUnhealthy("no agent.failover.dr-dependency configured: the DR target's health is unknown", Map.of());
        }
        DependencySnapshot s = snapshots.stream().filter(d -> d.name().equals(dr)).findFirst().orElse(null);
        if (s == null) {
            return Refusal.drUnhealthy("DR dependency " + dr + " is not probed", Map.of("dr_dependency", dr));
        }
        if (s.up()) {
            return null;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("dr_dependency", dr);
        evidence.put("status", s.status().id());
        evidence.put("consecutive_failures", s.consecutiveFailures());
        if (s.lastError() != null) {
            evidence.put("last_error", s.lastError());
        }
        return Refusal.drUnhealthy("DR target " + dr + " is " + s.status().id()
                + (s.lastError() == null ? "" : " (" + s.lastError() + ")"), evidence);
    }

    Refusal cooldown(Instant now, Instant lastFailoverAt) {
        if (lastFailoverAt == null || !now.isBefore(lastFailoverAt.plus(settings.cooldown()))) {
            return null;
        }
        Instant until = lastFailoverAt.plus(settings.cooldown());
        return Refusal.cooldown("failed over at " + lastFailoverAt + ", cooldown " + settings.cooldown().toSeconds() + " s until " + until,
                Map.of("last_failover", lastFailoverAt.toString(), "cooldown_until", until.toString()));
    }

    public Refusal lease() {
        if (coordinator.isLeader()) {
            return null;
        }
        String reason = coordinator.leaseReason();
        return Refusal.noLease("this agent (" + coordinator.identity() + ") does not hold the lease: only the leader writes"
                + (reason == null || reason.isBlank() ? "" : " (" + reason + ")"));
    }

    /** Null when a quorum sees one of {@code dependencies} down from an outage; else the refusal with the best count. */
    public Refusal quorum(List<String> dependencies) {
        QuorumDecision best = null;
        String bestDependency = null;
        for (String dependency : dependencies) {
            QuorumDecision q = coordinator.quorum(dependency);
            if (q.reached()) {
                return null;
            }
            if (best == null || q.agreeing() > best.agreeing()) {
                best = q;
                bestDependency = dependency;
            }
        }
        if (best == null) {
            return Refusal.noQuorum("no quorum: no dependency down from an outage to agree on", Map.of("dependencies", List.of()));
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("dependency", bestDependency);
        evidence.put("dependencies", dependencies);
        evidence.put("agreeing", best.agreeing());
        evidence.put("live", best.live());
        evidence.put("agreeing_agents", best.agreeingAgents());
        return Refusal.noQuorum("no quorum for " + bestDependency + " down: " + best.agreeing() + " of " + best.live() + " agents agree"
                + (best.reason() == null ? "" : " (" + best.reason() + ")"), evidence);
    }

    /** The quorum's view (no API wait): the dependencies more than half of the live agents see down from an outage. */
    public List<String> fleetDown() {
        try {
            return coordinator.fleetDown();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
