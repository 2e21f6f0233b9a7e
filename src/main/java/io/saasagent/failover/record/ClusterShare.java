package io.saasagent.failover.record;

import io.saasagent.cluster.ClusterReport;
import io.saasagent.cluster.ClusterResultsShare;

import java.util.Optional;

/**
 * The cluster checks' report in the fleet's record. The checks' thread only hands the holder's report
 * over; the engine's thread, which alone writes the record, puts it in on its next step and writes it
 * with the rest (same fence, same resourceVersion, conflicts merged as any other), so the two never
 * race. A follower's engine hands back the report of each record it adopts: no read of its own.
 */
public final class ClusterShare implements ClusterResultsShare {
    private final boolean fleet;
    private volatile ClusterReport offered;
    private volatile ClusterReport adopted;

    /** @param fleet false for a single agent's own file or memory: nobody reads it, nothing to write */
    public ClusterShare(boolean fleet) {
        this.fleet = fleet;
    }

    @Override
    public void publish(ClusterReport report) {
        if (fleet) {
            offered = report;
        }
    }

    @Override
    public Optional<ClusterReport> latest() {
        return Optional.ofNullable(adopted);
    }

    /** Engine thread, holder: the report the record should carry now. */
    public ClusterReport forRecord(ClusterReport inRecord) {
        ClusterReport o = offered;
        return o == null ? inRecord : o;
    }

    /** Engine thread, follower: a report offered while holding is never written after the lease is lost. */
    public void notHolder() {
        offered = null;
    }

    /** Engine thread: the record adopted (start-up, a follower's read, a new holder's first read). */
    public void adopted(FailoverRecord record) {
        adopted = record.cluster;
    }
}
