package io.saasagent.region;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The standby's judgement, kept pure: the primary is gone only when the fleet's quorum sees its endpoint down
 * from an outage, the heartbeat has not changed for takeover-after (this agent's clock), the witness (when one
 * is configured) sees it down too, and none of the standby's own critical dependencies is down. The endpoint
 * down while the heartbeat keeps changing is a partition: no write.
 */
public final class StandbyJudge {
    private StandbyJudge() {
    }

    /**
     * @param quorumDown        the fleet's quorum sees the primary endpoint down from an outage
     * @param endpointDownSince when this agent first saw the quorum so (its clock); null while not down
     * @param heartbeatAge      unchanged for this long as this agent saw it; null before any read
     * @param heartbeatUnreadable the zone holds no heartbeat (absent, or a value that is none)
     * @param changedAt         when this agent last saw the heartbeat change
     * @param ownNotUp          the standby's own critical dependencies not up ("redis unhealthy")
     * @param witness           the last reading; null when none or not configured
     * @param witnessProblem    why the witness could not be read; null when it could
     */
    public record Facts(String endpoint, boolean quorumDown, Instant endpointDownSince, Duration heartbeatAge, Instant changedAt,
                        boolean heartbeatUnreadable, List<String> ownNotUp, boolean witnessConfigured, Witness.Reading witness,
                        String witnessProblem) {
    }

    /** Whether the witness is worth asking: everything else says gone. */
    public static boolean witnessNeeded(RegionSettings s, Facts f) {
        return s.witness() != RegionSettings.WitnessKind.NONE && f.quorumDown() && stale(s, f) && f.ownNotUp().isEmpty();
    }

    private static boolean stale(RegionSettings s, Facts f) {
        return f.heartbeatAge() != null && f.heartbeatAge().compareTo(s.takeoverAfter()) >= 0;
    }

    public static RegionDecision judge(RegionSettings s, Facts f) {
        if (f.heartbeatAge() == null) {
            return RegionDecision.of(RegionDecision.Kind.UNKNOWN, "the heartbeat " + s.heartbeatRecord() + " has not been read yet");
        }
        if (f.heartbeatUnreadable()) {
            return RegionDecision.of(RegionDecision.Kind.UNKNOWN, s.heartbeatRecord() + " holds no heartbeat (absent, or another value): "
                    + "no take-over until the primary writes one");
        }
        long age = f.heartbeatAge().toSeconds();
        if (!f.quorumDown()) {
            return RegionDecision.of(RegionDecision.Kind.HEALTHY, "the fleet does not see " + f.endpoint() + " down from an outage",
                    "heartbeat unchanged for " + age + " s");
        }
        if (!stale(s, f)) {
            boolean alive = f.endpointDownSince() != null && f.changedAt() != null && f.changedAt().isAfter(f.endpointDownSince());
            String endpoint = "the fleet sees " + f.endpoint() + " down from an outage";
            return alive
                    ? RegionDecision.of(RegionDecision.Kind.PARTITION, endpoint, "but the heartbeat changed " + age
                    + " s ago, after the endpoint went down: the primary is alive, no take-over")
                    : RegionDecision.of(RegionDecision.Kind.WAITING, endpoint, "heartbeat unchanged for " + age + " s of "
                    + s.takeoverAfter().toSeconds() + " s (takeover-after)");
        }
        List<String> reasons = new ArrayList<>();
        reasons.add("the fleet sees " + f.endpoint() + " down from an outage");
        reasons.add("heartbeat unchanged for " + age + " s (takeover-after " + s.takeoverAfter().toSeconds() + " s)");
        List<String> blockers = new ArrayList<>();
        f.ownNotUp().forEach(d -> blockers.add("own critical dependency " + d + ": no take-over onto an unhealthy standby"));
        if (f.ownNotUp().isEmpty() && f.witnessConfigured()) {
            if (f.witnessProblem() != null) {
                blockers.add("the witness cannot be read (" + f.witnessProblem() + "): no take-over without it");
            } else if (f.witness() == null) {
                blockers.add("the witness has not been read by this agent (the lease holder reads it)");
            } else if (!f.witness().seesDown()) {
                blockers.add("the witness sees the primary up: " + f.witness().summary());
            } else {
                reasons.add("the witness agrees: " + f.witness().summary());
            }
        }
        if (!blockers.isEmpty()) {
            reasons.addAll(blockers);
            return new RegionDecision(RegionDecision.Kind.BLOCKED, reasons);
        }
        return new RegionDecision(RegionDecision.Kind.GONE, reasons);
    }
}
