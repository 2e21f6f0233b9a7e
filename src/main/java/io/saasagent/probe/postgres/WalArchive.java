package io.saasagent.probe.postgres;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code archive} entry of a postgres probe's details: the WAL archive as {@code pg_stat_archiver}
 * and the archiver's queue report it, typed for the readers (metrics, the /failover contract) and a
 * plain map for the JSON of /health/saas. Readers take it with {@link #of(Map)}, never by string keys.
 *
 * <p>A figure the probe cannot see is null and {@link #reason()} says why (archiving off, a standby
 * that does not archive, a role without {@code pg_monitor}): never zero.
 *
 * @param ageSeconds      seconds since the last WAL segment was archived (null: nothing archived since the
 *                        statistics were reset, or unknown)
 * @param rpoSeconds      what a restore from the archive would lose at most, in seconds: the archive age, but
 *                        at most {@code archive_timeout} when no completed segment waits (see {@link ArchiverQuery})
 * @param failedCount     pg_stat_archiver.failed_count (cumulative since the statistics reset)
 * @param waitingSegments completed WAL segments waiting for archive_command (.ready files; pg_monitor)
 * @param failing         a failure newer than the last success
 */
public final class WalArchive extends AbstractMap<String, Object> {
    public static final String KEY = "archive";

    private final Double ageSeconds;
    private final Double rpoSeconds;
    private final Long failedCount;
    private final Long waitingSegments;
    private final boolean failing;
    private final String reason;
    private final Map<String, Object> json;

    /** A reading as the probe makes it (or a test); {@code facts}: the other fields of the JSON (mode, last WAL names...). */
    public WalArchive(Double ageSeconds, Double rpoSeconds, Long failedCount, Long waitingSegments, boolean failing, String reason,
               Map<String, Object> facts) {
        this.ageSeconds = ageSeconds;
        this.rpoSeconds = rpoSeconds;
        this.failedCount = failedCount;
        this.waitingSegments = waitingSegments;
        this.failing = failing;
        this.reason = reason;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("age_seconds", ageSeconds);
        m.put("rpo_seconds", rpoSeconds);
        m.put("failed_count", failedCount);
        m.put("waiting_segments", waitingSegments);
        m.put("failing", failing);
        m.putAll(facts);
        m.put("reason", reason);
        this.json = Collections.unmodifiableMap(m);
    }

    /** Nothing measured: every figure null, {@code reason} says why; {@code facts} what is known (the mode). */
    static WalArchive unknown(String reason, Map<String, Object> facts) {
        return new WalArchive(null, null, null, null, false, reason, facts);
    }

    /** The reading in a probe's details; null when the dependency is no postgres one or it was not read. */
    public static WalArchive of(Map<String, Object> details) {
        return details != null && details.get(KEY) instanceof WalArchive a ? a : null;
    }

    public Double ageSeconds() {
        return ageSeconds;
    }

    public Double rpoSeconds() {
        return rpoSeconds;
    }

    public Long failedCount() {
        return failedCount;
    }

    public Long waitingSegments() {
        return waitingSegments;
    }

    public boolean failing() {
        return failing;
    }

    /** Why a figure is null (or, with figures, what the probe could not see); null when all is known. */
    public String reason() {
        return reason;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return json.entrySet();
    }
}
