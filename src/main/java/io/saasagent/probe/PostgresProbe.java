package io.saasagent.probe;

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
 */
final class PostgresProbe extends ConnectionProbe {
    /**
     * Client backends only: background workers do not take max_connections slots. Replication lag:
     * on a primary the replicas' replay_lag (NULL when there are none; 0 when they are idle and caught
     * up), on a standby the delay of the last replayed transaction. Our own backend is not an open
     * transaction worth reporting.
     */
    static final String STATS = """
            SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend') AS backends,
                   current_setting('max_connections')::int AS max_connections,
                   current_setting('server_version') AS server_version,
                   pg_is_in_recovery() AS standby,
                   (SELECT count(*) FROM pg_stat_replication) AS replicas,
                   CASE WHEN pg_is_in_recovery()
                        THEN extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8
                        ELSE (SELECT CASE WHEN count(*) = 0 THEN NULL
                                          ELSE coalesce(extract(epoch FROM max(replay_lag)), 0)::float8 END
                              FROM pg_stat_replication)
                   END AS replication_lag_seconds,
                   coalesce((SELECT extract(epoch FROM now() - min(xact_start))::float8 FROM pg_stat_activity
                             WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid()), 0) AS oldest_transaction_seconds
            """;

    private final Vertx vertx;
    private volatile PgConnection connection;

    PostgresProbe(ProbeTarget target, Vertx vertx) {
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
        return judge(stats, Latency.since(start));
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

    private ProbeResult judge(Row stats, Duration latency) {
        long backends = stats.getLong("backends");
        int maxConnections = stats.getInteger("max_connections");
        Double replicationLag = stats.getDouble("replication_lag_seconds");
        double oldestTransaction = stats.getDouble("oldest_transaction_seconds");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("backends", backends);
        details.put("max_connections", maxConnections);
        details.put("replication_lag_seconds", replicationLag);
        details.put("oldest_transaction_seconds", oldestTransaction);
        details.put("server_version", stats.getString("server_version"));
        details.put("role", Boolean.TRUE.equals(stats.getBoolean("standby")) ? "standby" : "primary");
        details.put("replicas", stats.getLong("replicas"));
        Thresholds limits = target.thresholds();
        Verdict verdict = new Verdict();
        verdict.slow("latency", latency, target.latencyBudget());
        verdict.nearMax("backends", backends, maxConnections, limits.backendsWarnRatio());
        if (replicationLag != null && replicationLag > seconds(limits.replicationLagWarn())) {
            verdict.degraded(String.format("replication lag %.1f s over %d s", replicationLag, limits.replicationLagWarn().toSeconds()));
        }
        if (oldestTransaction > seconds(limits.transactionAgeWarn())) {
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
        Future<PgConnection> pending = PgConnection.connect(vertx, options);
        try {
            c = await(pending);
        } catch (Exception e) {
            pending.onSuccess(PgConnection::close); // a connect that completes after the timeout is not leaked
            throw e;
        }
        PgConnection opened = c;
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
