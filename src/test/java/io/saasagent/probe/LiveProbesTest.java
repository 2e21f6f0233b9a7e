package io.saasagent.probe;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each probe against the machine's shared live servers: up, with the details its type promises. */
@Timeout(60)
class LiveProbesTest {
    private static Vertx vertx;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        vertx.close();
    }

    /**
     * The second of two checks: it runs on the connection the first one opened, and its latency is
     * the dependency's, not the JVM's first loading of the client classes.
     */
    static ProbeResult check(String type, String url, Map<String, String> keys) {
        ProbeTarget target = TestTargets.target(type, type, url, keys, Clock.systemUTC());
        try (Probe probe = ProbeFactory.create(target, new ProbeContext(vertx))) {
            ProbeResult first = probe.check();
            assertThat(first.success()).as(first.error()).isTrue();
            return probe.check();
        }
    }

    @Test
    void natsIsUpWithServerRttAndJetStreamAccount() {
        ProbeResult r = check("nats", "nats://127.0.0.1:4222", Map.of());
        assertThat(r.outcome()).as(r.error()).isEqualTo(ProbeResult.Outcome.UP);
        assertThat(r.details()).containsEntry("status", "connected");
        assertThat((String) r.details().get("server_id")).isNotBlank();
        assertThat((String) r.details().get("version")).startsWith("2.");
        assertThat((double) r.details().get("rtt_ms")).isPositive();
        assertThat(r.details().get("jetstream")).isInstanceOfSatisfying(Map.class,
                js -> assertThat(js).containsKeys("streams", "consumers", "memory_bytes", "storage_bytes"));
    }

    @Test
    void natsRttOverTheBudgetIsDegraded() {
        ProbeResult r = check("nats", "nats://127.0.0.1:4222", Map.of("latency-budget", "PT0.000001S"));
        assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.DEGRADED);
        assertThat(r.error()).startsWith("slow: RTT");
    }

    @Test
    void redisIsUpWithRoleClientsAndMemory() {
        ProbeResult r = check("redis", "redis://127.0.0.1:6379", Map.of());
        assertThat(r.outcome()).as(r.error()).isEqualTo(ProbeResult.Outcome.UP);
        assertThat(r.details()).containsEntry("role", "master").containsKeys("maxmemory", "maxclients");
        assertThat((long) r.details().get("connected_clients")).isPositive();
        assertThat((long) r.details().get("used_memory")).isPositive();
    }

    @Test
    void postgresIsUpWithBackendsVersionAndNoReplicas() {
        ProbeResult r = check("postgres", "postgresql://postgres@127.0.0.1:5432/test", Map.of());
        assertThat(r.outcome()).as(r.error()).isEqualTo(ProbeResult.Outcome.UP);
        assertThat((long) r.details().get("backends")).isPositive();
        assertThat((int) r.details().get("max_connections")).isPositive();
        assertThat((String) r.details().get("server_version")).matches("\\d+.*");
        assertThat(r.details()).containsEntry("replication_lag_seconds", null).containsEntry("role", "primary");
        assertThat((double) r.details().get("oldest_transaction_seconds")).isNotNegative();
    }
}
