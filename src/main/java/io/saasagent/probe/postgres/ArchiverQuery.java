package io.saasagent.probe.postgres;

import io.saasagent.probe.Verdict;

import io.vertx.sqlclient.Row;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The postgres probe's reading of the WAL archive: {@code pg_stat_archiver} (readable by any role) and the
 * archiver's queue, the {@code .ready} files of {@code pg_wal/archive_status} ({@code pg_ls_archive_statusdir()},
 * pg_monitor). One instance per probe: it remembers {@code failed_count} to report its growth.
 *
 * <p>Why the queue and not a WAL position: an idle database archives nothing for hours with {@code
 * archive_timeout} 0, and the age since the last archived segment then grows without anything being wrong.
 * A completed segment waits for {@code archive_command} exactly while its {@code .ready} file exists, so
 * "age over archive-lag-warn AND segments waiting" is a stuck or slow archiver, never an idle database.
 * Comparing {@code pg_current_wal_lsn()} with the last archived segment cannot tell them apart: after any
 * activity the server writes small bookkeeping records (running_xacts) into the segment being written,
 * which {@code archive_timeout} does not switch out, so that segment is "ahead of the archive" on an idle
 * database too.
 *
 * <p>The RPO figure: a restore from the archive ends at the last archived segment, so what it would lose is
 * at most the archive age; when no completed segment waits, only the segment being written is outside the
 * archive, and {@code archive_timeout} (when set) switches it out within that many seconds: the figure is then
 * at most {@code archive_timeout}. With {@code archive_timeout} 0 nothing bounds it but the archive age.
 */
public final class ArchiverQuery {
    private static final String COLUMNS = """
            SELECT a.archived_count, a.last_archived_wal, a.last_archived_time,
                   extract(epoch FROM now() - a.last_archived_time)::float8 AS archived_seconds,
                   a.failed_count, a.last_failed_wal, a.last_failed_time,
                   coalesce(a.last_failed_time > a.last_archived_time, a.last_failed_time IS NOT NULL) AS failing,
                   (SELECT setting::int FROM pg_settings WHERE name = 'archive_timeout') AS archive_timeout,
            """;
    private static final String QUEUE = """
                   q.waiting, q.oldest_waiting_seconds
            FROM pg_stat_archiver a,
                 (SELECT count(*) AS waiting, extract(epoch FROM now() - min(modification))::float8 AS oldest_waiting_seconds
                  FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready') q
            """;
    private static final String NO_QUEUE = """
                   NULL::bigint AS waiting, NULL::float8 AS oldest_waiting_seconds
            FROM pg_stat_archiver a
            """;

    private Long lastFailedCount;

    /** The query; the queue only for a role that may list it (superuser or pg_monitor). */
    static String sql(boolean seesQueue) {
        return COLUMNS + (seesQueue ? QUEUE : NO_QUEUE);
    }

    /** Whether the archiver runs here at all: archive_mode on (a primary) or always; null: no query to run. */
    static String notArchiving(String mode, boolean standby) {
        if ("off".equals(mode)) {
            return "archive_mode is off: WAL is not archived, so no point-in-time restore from an archive is possible";
        }
        if (standby && "on".equals(mode)) {
            return "a standby with archive_mode=on does not archive (its primary does; archive_mode=always would archive here)";
        }
        return null;
    }

    static WalArchive off(String mode, String reason) {
        return WalArchive.unknown(reason, Map.of("mode", mode));
    }

    /**
     * The reading of {@code row} (this class's query), its degraded reasons added to {@code verdict}.
     *
     * @param user the role, for the grant named when it lacks pg_monitor
     */
    WalArchive read(String mode, Row row, boolean seesQueue, String user, Duration lagWarn, Verdict verdict) {
        Double age = row.getDouble("archived_seconds");
        long failed = row.getLong("failed_count");
        Long growth = lastFailedCount == null || failed < lastFailedCount ? null : failed - lastFailedCount; // reset: unknown
        lastFailedCount = failed;
        boolean failing = Boolean.TRUE.equals(row.getBoolean("failing"));
        Long waiting = seesQueue ? row.getLong("waiting") : null;
        Double oldestWaiting = row.getDouble("oldest_waiting_seconds");
        int timeout = row.getInteger("archive_timeout");
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("mode", mode);
        facts.put("archived_count", row.getLong("archived_count"));
        facts.put("last_archived_wal", row.getString("last_archived_wal"));
        facts.put("last_archived_at", iso(row.getOffsetDateTime("last_archived_time")));
        facts.put("new_failures", growth);
        facts.put("last_failed_wal", row.getString("last_failed_wal"));
        facts.put("last_failed_at", iso(row.getOffsetDateTime("last_failed_time")));
        facts.put("oldest_waiting_seconds", oldestWaiting);
        facts.put("archive_timeout_seconds", timeout);
        if (failing) {
            verdict.degraded("WAL archiving failing: " + row.getString("last_failed_wal") + " failed at "
                    + facts.get("last_failed_at") + ", after the last archived segment (failed_count " + failed + ")");
        }
        double warn = lagWarn.toMillis() / 1000.0;
        Double lag = age != null ? age : oldestWaiting; // nothing archived since the reset: the oldest waiting one
        if (waiting != null && waiting > 0 && lag != null && lag > warn) {
            verdict.degraded(String.format("WAL archive %.0f s behind (over %d s), %d segment%s waiting", lag, lagWarn.toSeconds(),
                    waiting, waiting == 1 ? "" : "s"));
        }
        String reason = seesQueue ? (age == null ? "nothing archived since the statistics were reset" : null)
                : "role " + user + " lacks pg_monitor: the archiver's queue is unknown, so a lagging archive cannot be told from an idle"
                  + " database (GRANT pg_monitor TO " + user + ")";
        return new WalArchive(age, rpo(age, waiting, timeout), failed, waiting, failing, reason, facts);
    }

    /** At most the archive age; at most archive_timeout too when no completed segment waits. */
    static Double rpo(Double age, Long waiting, int archiveTimeout) {
        if (waiting != null && waiting == 0 && archiveTimeout > 0) {
            return age == null ? (double) archiveTimeout : Math.min(age, archiveTimeout);
        }
        return age;
    }

    private static String iso(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
