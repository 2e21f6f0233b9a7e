package io.saasagent.cluster;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last results of every cluster check, as one immutable picture: what the holder measured, what a
 * follower read from the fleet's shared record, or a follower's "not the holder".
 *
 * @param measured true when the results come from a run (here or, shared, on the holder)
 * @param ranBy    the identity of the agent that ran them; null when nobody has
 * @param at       when they were run (or, for a follower, when it last looked)
 * @param note     why there are no results, or where they come from
 */
public record ClusterReport(boolean measured, String ranBy, Instant at, Map<String, CheckResult> results, String note) {

    public ClusterReport {
        results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    /** Every check {@code unknown} with {@code reason}: not run yet, or not the holder. */
    static ClusterReport unmeasured(List<ClusterCheck> checks, String reason, Instant at) {
        Map<String, CheckResult> m = new LinkedHashMap<>();
        checks.forEach(c -> m.put(c.spec().name(), CheckResult.unknown(c.objective(), reason, at)));
        return new ClusterReport(false, null, at, m, reason);
    }
}
