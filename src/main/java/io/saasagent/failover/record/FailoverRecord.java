package io.saasagent.failover.record;

import io.saasagent.cluster.ClusterReport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fleet's failover record: what the whole fleet agrees on and remembers across restarts and
 * hand-overs. The lease holder writes it (after the fence, against the version it read); every agent
 * reads it. The engine's memory is a cache of it. Not thread-safe: owned by the engine.
 */
public final class FailoverRecord {
    public FailoverState state = FailoverState.ARMED;
    /** The last incident (open or closed), with its timeline. */
    public Incident incident;
    public int incidents;
    /** The last failover carried out: where the cooldown starts. */
    public Instant lastFailoverAt;
    public String disarmedBy;
    public Instant disarmedAt;
    /** The state the fleet was disarmed in (armed, fired, failed_over, failing_back); null when not disarmed. */
    public FailoverState disarmedFrom;
    /** The failback in progress (step, weights, when the step was written); null when none. */
    public FailbackPlan failback;
    /** A failback aborted whose move back to the DR target is not written yet: retried until it lands. */
    public boolean writeBackPending;
    /** Control calls waiting for the holder. */
    public final List<OperatorRequest> requests = new ArrayList<>();
    /** The holder's last shared cluster DR report (followers show it, never querying); null when none. */
    public ClusterReport cluster;
    /** The public status page's incident for {@link #incident}; null when none was opened. */
    public PublicIncident publicIncident;
    /** The fleet's pages still open (dedup keys the holders fired and have not resolved): the next holder resolves them. */
    public final java.util.Set<String> pages = new java.util.LinkedHashSet<>();
    /** The alert rules on shared dependencies paged for the fleet and not yet resolved (the holder keeps them). */
    public final java.util.Set<String> alerts = new java.util.LinkedHashSet<>();
    /**
     * The region a standby took the record over from (the heartbeat's owner before its take-over): whom a failback
     * from the standby hands the heartbeat back to. Null when no take-over is in force.
     */
    public String takenFrom;
    /** Who wrote this version, and when. */
    public String writer;
    public Instant writtenAt;
}
