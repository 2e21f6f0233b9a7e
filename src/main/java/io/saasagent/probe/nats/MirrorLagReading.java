package io.saasagent.probe.nats;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lag of one JetStream mirror behind its origin, as last read. A reading that could not be
 * renewed (origin unreachable, a slow answer) stays, marked {@code stale} with the reason, and its
 * {@code lagSeconds} becomes a lower bound: the lag last measured plus the time since, because a
 * mirror that cannot be read caught up cannot be assumed to have caught up.
 *
 * @param lagMessages  origin last_seq - mirror last_seq (null when never measured)
 * @param lagSeconds   the RPO figure: exact, or a lower bound while stale (null when never measured)
 * @param lagMethod    oldest_message (age of the oldest message the mirror lacks), rate (lag / publish rate) or null
 * @param measuredAt   when the figures were last measured (null when never)
 */
public record MirrorLagReading(String mirror, String origin, Long lagMessages, Double lagSeconds, String lagMethod,
                               Double ratePerSecond, Double lastActiveSeconds, boolean rpoBreach, Instant measuredAt,
                               boolean stale, String reason) {

    public static final String BY_RATE = "rate";
    public static final String BY_OLDEST_MESSAGE = "oldest_message";

    /** Never measured: every figure unknown, with why. */
    static MirrorLagReading unknown(String mirror, String origin, String reason) {
        return new MirrorLagReading(mirror, origin, null, null, null, null, null, false, null, true, reason);
    }

    /** This measured reading, {@code now}, when it could not be renewed: a growing lower bound. */
    MirrorLagReading staleAt(Instant now, String why, Duration rpoObjective) {
        if (measuredAt == null) {
            return new MirrorLagReading(mirror, origin, null, null, null, null, null, false, null, true, why);
        }
        double since = Math.max(0, Duration.between(measuredAt, now).toMillis() / 1000.0);
        double bound = (lagSeconds == null ? 0 : lagSeconds) + since;
        return new MirrorLagReading(mirror, origin, lagMessages, bound, lagMethod, ratePerSecond, lastActiveSeconds,
                bound >= rpoObjective.toMillis() / 1000.0, measuredAt, true, why);
    }

    /** The JSON of {@code details.mirrors.<mirror>}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("origin", origin);
        m.put("lag_messages", lagMessages);
        m.put("lag_seconds", lagSeconds);
        m.put("lag_method", lagMethod);
        m.put("rate_per_second", ratePerSecond);
        m.put("last_active_seconds", lastActiveSeconds);
        m.put("rpo_breach", rpoBreach);
        m.put("measured_at", measuredAt == null ? null : measuredAt.toString());
        m.put("stale", stale);
        m.put("reason", reason);
        return m;
    }
}
