package io.saasagent.probe.postgres;

import io.saasagent.probe.ConnectionProbe;
import io.saasagent.probe.FailureClass;
import io.saasagent.probe.Latency;
import io.saasagent.probe.MalformedReply;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.ProbeTarget;
import io.saasagent.probe.Thresholds;
import io.saasagent.probe.Verdict;

import io.saasagent.support.Failures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code SELECT 1} on one connection of its own (a single Vert.x {@link PgConnection}, never a
 * pool, least of all the API's), then one query for the facts the runbooks check by hand: client
 * backends vs max_connections, replication lag, the oldest open transaction.
 *
 * <p>Other roles' sessions are hidden from a role without {@code pg_monitor} (their transaction start
 * is NULL), so the figures would read "fine" while blind. The role's privilege is checked once per
 * connection; without it those figures are null and {@code details.stats} names the missing grant.
 *
 * <p>Where the server archives WAL, a third query reads the archive ({@link ArchiverQuery}): its age, its
 * failures and the segments waiting, in {@code details.archive} ({@link WalArchive}).
 */
public final class PostgresProbe extends ConnectionProbe {
    /**
     * Client backends only: background workers do not take max_connections slots. Replication lag:
     * on a primary the replicas' replay_lag (NULL when there are none; 0 when they are idle and caught
     * up), on a standby the delay of the last replayed transaction, and zero when it has replayed all
     * it received (an idle primary sends nothing new, and the last replay only gets older). Open
     * transactions: client backends only (autovacuum is not the API holding a transaction), never ours.
     * The statistics functions are read directly, not through the pg_stat_activity and pg_stat_replication views:
     * the same rows and the same visibility rules, but a new backend plans the views' joins against cold catalog
     * caches (23-72 ms for this query on the first round, against 7-10 ms without them).
     */
    static final String STATS = """
            SELECT (SELECT count(*) FROM pg_stat_get_activity(NULL) WHERE backend_type = 'client backend') AS backends,
                   current_setting('max_connections')::int AS max_connections,
                   current_setting('server_version') AS server_version,
                   current_setting('archive_mode') AS archive_mode,
                   pg_is_in_recovery() AS standby,
                   (SELECT count(*) FROM pg_stat_get_wal_senders()) AS replicas,
                   CASE WHEN pg_is_in_recovery()
                        THEN CASE WHEN pg_last_wal_receive_lsn() IS NOT NULL
                                       AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0::float8
                                  ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END
                        ELSE (SELECT CASE WHEN count(*) = 0 THEN NULL
                                          ELSE coalesce(extract(epoch FROM max(replay_lag)), 0)::float8 END
                              FROM pg_stat_get_wal_senders())
                   END AS replication_lag_seconds,
                   coalesce((SELECT extract(epoch FROM now() - min(xact_start))::float8 FROM pg_stat_get_activity(NULL)
                             WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid()
                               AND backend_type = 'client backend'), 0) AS oldest_transaction_seconds
            """;

    /** Whether this role sees every session: superuser (the is_superuser setting, no catalog view), or a member of pg_monitor. */
    static final String PRIVILEGED = """
            SELECT current_setting('is_superuser') = 'on' OR pg_has_role(current_user, 'pg_monitor', 'MEMBER')
            """;

    private final Vertx vertx;
    private final ArchiverQuery archiver = new ArchiverQuery();
    private volatile PgConnection connection;
    /** Whether the current connection's role may see every session (checked once per connection). */
    private volatile boolean privileged;

    public PostgresProbe(ProbeTarget target, Vertx vertx) {
        super(target);
        this.vertx = vertx;
    }

    @Override
    protected ProbeResult attempt(long start) throws Exception {
        PgConnection c = connection();
        Row one = single(await(c.query("SELECT 1").execute()), "SELECT 1");
        if (!Integer.valueOf(1).equals(one.getInteger(0))) {
            throw new MalformedReply("SELECT 1 answered " + one.getValue(0));
        }
        Row stats = single(await(c.query(STATS).execute()), "statistics query");
        String mode = stats.getString("archive_mode");
        String notArchiving = ArchiverQuery.notArchiving(mode, Boolean.TRUE.equals(stats.getBoolean("standby")));
        // The archiver's queue (pg_ls_archive_statusdir) needs the same privilege as the other sessions' figures.
        Row archive = notArchiving != null ? null
                : single(await(c.query(ArchiverQuery.sql(privileged)).execute()), "archiver query");
        Verdict verdict = new Verdict();
        WalArchive reading = archive == null ? ArchiverQuery.off(mode, notArchiving)
                : archiver.read(mode, archive, privileged, target.username().orElse("postgres"), target.thresholds().archiveLagWarn(), verdict);
        return judge(stats, privileged, reading, verdict, Latency.since(start));
    }

    @Override
    protected String reason(Exception e, long start) {
        if (e instanceof PgException pg) {
            return isAuthentication(pg) ? Failures.authentication(pg.getErrorMessage())
                    : "postgres error " + pg.getSqlState() + ": " + pg.getErrorMessage();
        }
        return super.reason(e, start);
    }

    /**
     * SQLSTATE class 28 (authentication), 3D000 (no such database) and 42501 (privilege) are the server
     * refusing us; 57P0x (shutting down, starting up), 53300 (too many connections) and the rest are outages.
     */
    @Override
    protected FailureClass classify(Exception e) {
        if (e instanceof PgException pg && pg.getSqlState() != null) {
            String state = pg.getSqlState();
            return state.startsWith("28") || "3D000".equals(state) || "42501".equals(state) ? FailureClass.REJECTED : FailureClass.OUTAGE;
        }
        return super.classify(e);
    }

    private ProbeResult judge(Row stats, boolean seesAll, WalArchive archive, Verdict verdict, Duration latency) {
        boolean standby = Boolean.TRUE.equals(stats.getBoolean("standby"));
        int maxConnections = stats.getInteger("max_connections");
        // A standby's own replay delay needs no privilege; the rest reads other roles' sessions.
        Long backends = seesAll ? stats.getLong("backends") : null;
        Double replicationLag = seesAll || standby ? stats.getDouble("replication_lag_seconds") : null;
        Double oldestTransaction = seesAll ? stats.getDouble("oldest_transaction_seconds") : null;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("backends", backends);
        details.put("max_connections", maxConnections);
        details.put("replication_lag_seconds", replicationLag);
        details.put("oldest_transaction_seconds", oldestTransaction);
        details.put("server_version", stats.getString("server_version"));
        details.put("role", standby ? "standby" : "primary");
        details.put("replicas", seesAll ? stats.getLong("replicas") : null);
        details.put("stats", seesAll ? "complete" : "partial: role " + target.username().orElse("postgres")
                + " lacks pg_monitor, so backends, open transactions and replicas are unknown (GRANT pg_monitor TO "
                + target.username().orElse("postgres") + ")");
        details.put(WalArchive.KEY, archive);
        Thresholds limits = target.thresholds();
        verdict.slow("latency", latency, target.latencyBudget());
        if (backends != null) {
            verdict.nearMax("backends", backends, maxConnections, limits.backendsWarnRatio());
        }
        if (replicationLag != null && replicationLag > seconds(limits.replicationLagWarn())) {
            verdict.degraded(String.format("replication lag %.1f s over %d s", replicationLag, limits.replicationLagWarn().toSeconds()));
        }
        if (oldestTransaction != null && oldestTransaction > seconds(limits.transactionAgeWarn())) {
            verdict.degraded(String.format("a transaction open for %.0f s (over %d s)", oldestTransaction, limits.transactionAgeWarn().toSeconds()));
        }
        return verdict.result(target, latency, details);
    }

    private PgConnection connection() throws Exception {
        PgConnection c = connection;
        if (c != null) {
            return c;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(target.safeUrl())
                .setUser(target.username().orElse("postgres"))
                .setConnectTimeout((int) Math.max(1, target.timeout().toMillis()))
                .setReconnectAttempts(0)
                .setCachePreparedStatements(false)
                .addProperty("application_name", "saas-agent-probe");
        target.password().ifPresent(options::setPassword);
        if (options.getSslMode() != null && options.getSslMode() != io.vertx.pgclient.SslMode.DISABLE) {
            // Any TLS mode verifies the server's name against its certificate (sslmode=require included):
            // a certificate for another host is a rejection, never an encrypted talk to a stranger.
            options.setHostnameVerificationAlgorithm("HTTPS");
            target.tlsCaFile().ifPresent(ca -> options.setPemTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(ca)));
        }
        Future<PgConnection> pending = PgConnection.connect(vertx, options);
        try {
            c = await(pending);
        } catch (Exception e) {
            pending.onSuccess(PgConnection::close); // a connect that completes after the timeout is not leaked
            throw e;
        }
        PgConnection opened = c;
        try {
            privileged = Boolean.TRUE.equals(single(await(opened.query(PRIVILEGED).execute()), "privilege check").getBoolean(0));
        } catch (Exception e) {
            opened.close();
            throw e;
        }
        // Closed or broken under us (server gone, reset): reconnect on the next check. The handler also
        // keeps Vert.x from logging the reset as an unhandled exception; the next check reports it.
        opened.closeHandler(v -> forget(opened));
        opened.exceptionHandler(e -> forget(opened));
        connection = opened;
        return opened;
    }

    private <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(target.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Row single(RowSet<Row> rows, String what) throws MalformedReply {
        Iterator<Row> it = rows.iterator();
        if (!it.hasNext()) {
            throw new MalformedReply(what + " returned no row");
        }
        return it.next();
    }

    private static boolean isAuthentication(PgException e) {
        String state = e.getSqlState();
        return "28P01".equals(state) || "28000".equals(state);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }


    private void forget(PgConnection broken) {
        if (connection == broken) {
            connection = null;
            broken.close();
        }
    }

    @Override
    public void reset() {
        PgConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }

    /** At shutdown, waits (bounded) for the connection to close, so that it ends before Vert.x does. */
    @Override
    public void close() {
        PgConnection c = connection;
        connection = null;
        if (c != null) {
            try {
                await(c.close());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }
}
