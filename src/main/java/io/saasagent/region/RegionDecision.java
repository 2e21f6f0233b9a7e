package io.saasagent.region;

import java.util.List;
import java.util.Locale;

/** What this agent makes of the two regions now, with its reasons (the /failover {@code region.decision}). */
public record RegionDecision(Kind kind, List<String> reasons) {

    public RegionDecision {
        reasons = List.copyOf(reasons);
    }

    public enum Kind {
        /** Primary: refreshing. Standby: the primary's endpoint is not down for the fleet. */
        HEALTHY,
        /** Standby: the endpoint is down for the fleet but the heartbeat keeps changing: no write. */
        PARTITION,
        /** Standby: the endpoint is down, the heartbeat has stopped, not yet for takeover-after. */
        WAITING,
        /** Standby: the primary looks gone but a check refuses the take-over (own dependency, witness, quorum). */
        BLOCKED,
        /** Standby: the primary is gone; this region owns the record (taken over). */
        GONE,
        /** Primary: not refreshed for fence-after: acts as no primary. */
        FENCED,
        /** Primary: the zone says another region owns the record: failed_over adopted, nothing written. */
        ADOPTED,
        /** The heartbeat is not known yet (or is no heartbeat): nothing moves. */
        UNKNOWN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static RegionDecision of(Kind kind, String... reasons) {
        return new RegionDecision(kind, List.of(reasons));
    }
}
