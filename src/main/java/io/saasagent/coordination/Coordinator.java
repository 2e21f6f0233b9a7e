package io.saasagent.coordination;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seam between the failover policy and the other agents. The policy asks it, right before any
 * DNS write, whether this agent may act: does it hold the lease, and do more than half of the live
 * agents see the same failure. Without Kubernetes a single agent is its own leader and quorum.
 */
public interface Coordinator {

    /** Whether this agent holds the lease now; asked again right before a write (fencing). */
    boolean isLeader();

    /**
     * Whether this agent holds the lease by the elector's own word, without asking the API: for work that
     * only the holder does but that needs no fencing (the cluster DR checks, which only read).
     */
    default boolean leading() {
        return isLeader();
    }

    /** Why the last {@link #isLeader()} said no (who holds the lease, or why it cannot be confirmed); empty when unknown. */
    default String leaseReason() {
        return "";
    }

    /**
     * Whether this agent holds the lease as far as it knows without asking the API (no request): who
     * acts on the fleet's record. A write is still fenced by {@link #isLeader()}.
     */
    default boolean holdsLease() {
        return isLeader();
    }

    /**
     * Why this agent cannot confirm any lease now (the API unreachable, RBAC refusing the Lease): the
     * elector's own last call failed. Empty while the API answers, or without Kubernetes.
     */
    default Optional<String> leaseUnconfirmable() {
        return Optional.empty();
    }

    /** The lease holder as last seen; empty when unknown. */
    default Optional<String> holder() {
        return isLeader() ? Optional.of(identity()) : Optional.empty();
    }

    /** Where the fleet's failover record lives: beside the Lease, or this agent's own file. */
    RecordStore recordStore();

    /** How often a follower reads the record (the pace it already reads the Lease at). */
    default java.time.Duration recordReadInterval() {
        return java.time.Duration.ofSeconds(5);
    }

    /** This agent's identity (pod name, or host name locally). */
    String identity();

    /** Publishes this agent's current verdict so the leader can count it. */
    void publishVerdict(Verdict verdict);

    /** Gathers the live agents' verdicts on {@code dependency} (down from an outage) and decides. */
    QuorumDecision quorum(String dependency);

    /**
     * The quorum's view without waiting on the API: the dependencies more than half of the live agents see down
     * from an outage, as of the last pod list (refreshed in the background). A write still asks {@link #quorum}.
     */
    default List<String> fleetDown() {
        return List.of();
    }

    /** Likewise, the alert rules on shared dependencies that more than half of the live agents have firing. */
    default List<String> fleetAlerts() {
        return List.of();
    }

    /** Records a decision (fired, refused, written) with its evidence: a Kubernetes Event and a log line. */
    void record(Decision decision);

    /** For /failover: mode, leader, peers seen, last quorum. */
    Map<String, Object> summary();
}
