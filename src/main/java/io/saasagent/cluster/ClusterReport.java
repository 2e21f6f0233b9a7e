package io.saasagent.cluster;

import io.saasagent.cluster.check.CheckResult;
import io.saasagent.cluster.check.ClusterCheck;
import io.saasagent.cluster.check.Durations;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The last results of every cluster check, as one immutable picture: what the holder measured, what a
 * follower read from the fleet's shared record, or a follower's "not the holder".
 *
 * @param measured true when the results come from a run (here or, shared, on the holder)
 * @param ranBy    the identity of the agent that ran them; null when nobody has
 * @param at       when they were run (or, for a follower, when it last looked)
 * @param note     why there are no results, or where they come from
 * @param shared   the holder's results as a follower read them from the fleet's record (not run here)
 * @param stale    shared results older than the follower's bound: the holder has not refreshed them
 */
public record ClusterReport(boolean measured, String ranBy, Instant at, Map<String, CheckResult> results, String note,
                            boolean shared, boolean stale) {

    public ClusterReport {
        results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    /** Results of this agent's own run (or none). */
    public ClusterReport(boolean measured, String ranBy, Instant at, Map<String, CheckResult> results, String note) {
        this(measured, ranBy, at, results, note, false, false);
    }

    /** Every check {@code unknown} with {@code reason}: not run yet, or not the holder. */
    static ClusterReport unmeasured(List<ClusterCheck> checks, String reason, Instant at) {
        Map<String, CheckResult> m = new LinkedHashMap<>();
        checks.forEach(c -> m.put(c.spec().name(), CheckResult.unknown(c.objective(), reason, at)));
        return new ClusterReport(false, null, at, m, reason);
    }

    /** This holder's report as a follower shows it at {@code now}: marked stale once older than {@code bound}. */
    ClusterReport asShared(Instant now, Duration bound) {
        boolean old = now.isAfter(at.plus(bound));
        String shown = "holder " + ranBy + "'s report of " + at
                + (old ? ": stale, older than " + Durations.words(bound) + " (the holder has not refreshed it)" : "")
                + "; this agent is not the holder";
        return new ClusterReport(true, ranBy, at, results, shown, true, old);
    }

    /**
     * Same holder, same checks, same statuses and reasons, numbers aside ("synced 12m ago" then "13m ago"
     * is no news): what decides whether the holder writes the fleet's record again before its refresh.
     */
    boolean sameSubstance(ClusterReport other) {
        if (other == null || !Objects.equals(ranBy, other.ranBy) || !results.keySet().equals(other.results.keySet())) {
            return false;
        }
        return results.entrySet().stream().allMatch(e -> {
            CheckResult o = other.results.get(e.getKey());
            return e.getValue().status() == o.status() && Objects.equals(digitless(e.getValue().reason()), digitless(o.reason()));
        });
    }

    private static String digitless(String reason) {
        return reason == null ? null : reason.replaceAll("[0-9]+", "#");
    }
}
