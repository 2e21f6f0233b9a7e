package io.saasagent.cluster;

import java.util.Optional;

/**
 * The seam for the fleet's shared record: the holder publishes its report, followers show the last one
 * published, so that they never query the cluster themselves. Until the fleet keeps such a record,
 * {@link #NONE} publishes nothing and followers say "not the holder".
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

    /** Called by the holder after each run. Must not block for long: it runs on the checks' thread. */
    void publish(ClusterReport report);

    /** The holder's last published report, as a follower reads it. */
    Optional<ClusterReport> latest();
}
