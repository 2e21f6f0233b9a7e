package io.saasagent.cluster;

import java.util.Optional;

/**
 * The seam for the fleet's shared record: the holder publishes its report, followers show the last one
 * published, so that they never query the cluster themselves. The failover engine carries it in the
 * fleet's record (it alone writes that record); {@link #NONE}, where there is no shared record, publishes
 * nothing and followers say "not the holder".
 */
public interface ClusterResultsShare {

    ClusterResultsShare NONE = new ClusterResultsShare() {
        @Override
        public void publish(ClusterReport report) {
            // no shared record yet
        }

        @Override
        public Optional<ClusterReport> latest() {
            return Optional.empty();
        }
    };

    /** Called by the holder after a run worth sharing. Must not block: it runs on the checks' thread. */
    void publish(ClusterReport report);

    /** The holder's last published report, as a follower reads it. */
    Optional<ClusterReport> latest();
}
