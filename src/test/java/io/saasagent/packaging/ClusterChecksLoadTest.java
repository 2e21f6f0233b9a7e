package io.saasagent.packaging;

import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes API load of the cluster checks of the shipped configuration, counted at the mock API
 * server: requests per interval from the lease holder (followers send none: ClusterChecksFleetTest).
 * bench/cluster-checks-load.sh prints the measured line.
 */
@Timeout(60)
class ClusterChecksLoadTest {

    @Test
    void theShippedChecksCostFourListsPerIntervalOnTheHolder() throws Exception {
        int intervals = Integer.getInteger("cluster.load.intervals", 10);
        List<RecordedRequest> requests = ShippedClusterChecks.run(intervals);
        Map<String, Integer> byResource = new TreeMap<>();
        requests.forEach(r -> byResource.merge(RbacTest.grantOf(r).resource(), 1, Integer::sum));
        double perInterval = (double) requests.size() / intervals;
        long intervalSeconds = ShippedClusterChecks.parsed().interval().toSeconds();
        System.out.printf("[cluster checks load] %d checks, %d intervals of %d s: %d requests, %.1f per interval "
                        + "(%.3f per second) from the holder only; by resource %s%n",
                ShippedClusterChecks.parsed().checks().size(), intervals, intervalSeconds, requests.size(), perInterval,
                perInterval / intervalSeconds, byResource);
        assertThat(perInterval).isEqualTo(4.0);
        assertThat(byResource).containsEntry("externalsecrets", intervals).containsEntry("certificates", intervals)
                .containsEntry("cronjobs", intervals).containsEntry("jobs", intervals);
    }
}
