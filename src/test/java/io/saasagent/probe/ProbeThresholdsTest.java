package io.saasagent.probe;

import io.saasagent.probe.redis.RedisProbe;
import io.saasagent.probe.redis.RespConnection;

import io.saasagent.testing.Await;
import io.saasagent.testing.PrivatePostgres;
import io.saasagent.testing.PrivateRedis;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The degraded thresholds of redis and postgres against private servers whose limits the test may
 * change, and the probes' one long-lived connection.
 */
@Timeout(60)
class ProbeThresholdsTest {
    private static PrivateRedis redis;
    private static PrivatePostgres postgres;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        redis = new PrivateRedis().start();
        postgres = new PrivatePostgres().start();
    }

    @AfterAll
    static void stop() {
        redis.close();
        postgres.close();
        vertx.close();
    }

    private static Probe probe(String type, String url, Map<String, String> keys) {
        return ProbeFactory.create(TestTargets.target(type, type, url, keys, Clock.systemUTC()), new ProbeContext(vertx));
    }

    private static String redisCommand(String... args) throws Exception {
        try (RespConnection c = RespConnection.open(redis.host(), redis.port(), null, Duration.ofSeconds(2))) {
            return String.valueOf(c.command(args));
        }
    }

    @Test
    void redisKeepsOneConnectionAcrossChecks() throws Exception {
        try (Probe probe = probe("redis", redis.url(), Map.of())) {
            assertThat(probe.check().success()).isTrue();
            long before = Long.parseLong(RedisProbe.parseInfo(redisCommand("INFO", "stats")).get("total_connections_received"));
            for (int i = 0; i < 3; i++) {
                assertThat(probe.check().outcome()).isEqualTo(ProbeResult.Outcome.UP);
            }
            long after = Long.parseLong(RedisProbe.parseInfo(redisCommand("INFO", "stats")).get("total_connections_received"));
            assertThat(after - before).as("connections opened by three checks and one INFO of the test").isEqualTo(1);
        }
    }

    @Test
    void redisMemoryAndClientsNearTheirMaximaAreDegraded() throws Exception {
        try (Probe probe = probe("redis", redis.url(), Map.of("clients-warn-ratio", "0.5"))) {
            ProbeResult up = probe.check();
            assertThat(up.outcome()).as(up.error()).isEqualTo(ProbeResult.Outcome.UP);
            long used = (long) up.details().get("used_memory");
            try {
                redisCommand("CONFIG", "SET", "maxmemory", Long.toString(used + used / 20));
                redisCommand("CONFIG", "SET", "maxclients", "2");
                ProbeResult degraded = probe.check();
                assertThat(degraded.outcome()).isEqualTo(ProbeResult.Outcome.DEGRADED);
                assertThat(degraded.error()).contains("used_memory").contains("(>= 90%)")
                        .contains("connected_clients 1 of max 2 (>= 50%)");
                assertThat(degraded.details()).containsEntry("maxclients", 2L);
            } finally {
                redisCommand("CONFIG", "SET", "maxmemory", "0");
                redisCommand("CONFIG", "SET", "maxclients", "10000");
            }
            assertThat(probe.check().outcome()).isEqualTo(ProbeResult.Outcome.UP);
        }
    }

    @Test
    void postgresKeepsOneConnectionAndCountsItsBackendsAgainstMaxConnections() {
        String backendStarts = "SELECT count(*), min(backend_start) FROM pg_stat_activity WHERE application_name = 'saas-agent-probe'";
        try (Probe probe = probe("postgres", postgres.jdbcLikeUrl(), Map.of("backends-warn-ratio", "0.02"))) {
            ProbeResult first = probe.check();
            String connection = postgres.sql(backendStarts);
            ProbeResult second = probe.check();
            assertThat(postgres.sql(backendStarts)).startsWith("1|").isEqualTo(connection);
            assertThat(second.details()).containsEntry("max_connections", 50);
            assertThat(second.outcome()).as("1 backend of 50 is 2%").isEqualTo(ProbeResult.Outcome.DEGRADED);
            assertThat(second.error()).startsWith("backends ").contains(" of max 50 (>= 2%)");
            assertThat(first.outcome()).isNotEqualTo(ProbeResult.Outcome.DOWN);
        }
    }

    @Test
    void postgresTransactionOpenTooLongIsDegradedUntilItEnds() throws Exception {
        PgConnectOptions options = PgConnectOptions.fromUri(postgres.jdbcLikeUrl()).setUser(PrivatePostgres.SUPERUSER);
        PgConnection holder = PgConnection.connect(vertx, options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (Probe probe = probe("postgres", postgres.jdbcLikeUrl(), Map.of("transaction-age-warn", "1s"))) {
            holder.query("BEGIN").execute().compose(r -> holder.query("SELECT txid_current()").execute())
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            ProbeResult degraded = Await.value(Duration.ofSeconds(15), "the open transaction reported past 1 s",
                    () -> Optional.of(probe.check()).filter(r -> r.error() != null && r.error().contains("a transaction open for")));
            assertThat(degraded.outcome()).isEqualTo(ProbeResult.Outcome.DEGRADED);
            assertThat(degraded.error()).endsWith("(over 1 s)");
            assertThat((double) degraded.details().get("oldest_transaction_seconds")).isGreaterThan(1.0);

            holder.query("ROLLBACK").execute().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            ProbeResult up = probe.check();
            assertThat(up.outcome()).as(up.error()).isEqualTo(ProbeResult.Outcome.UP);
        } finally {
            holder.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
