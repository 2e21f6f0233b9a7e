package io.saasagent.aot;

import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeContext;
import io.saasagent.probe.ProbeFactory;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.TestTargets;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AOT training's stand-ins answer the agent's own probes as healthy servers would: if a probe's protocol use
 * changes and a stand-in no longer follows, the image's training would fall back to the failure paths only.
 */
@Timeout(60)
class TrainingServersTest {
    private static Vertx vertx;
    private static TrainingServers servers;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        servers = new TrainingServers();
    }

    @AfterAll
    static void stop() throws Exception {
        servers.close();
        vertx.close();
    }

    private static ProbeResult twice(String type, String url) {
        try (Probe probe = ProbeFactory.create(TestTargets.target(type, type, url, Map.of(), Clock.systemUTC()), new ProbeContext(vertx))) {
            ProbeResult first = probe.check();
            assertThat(first.outcome()).as(first.error()).isEqualTo(ProbeResult.Outcome.UP);
            return probe.check(); // the second round on the same connection, as the pod's probes go on
        }
    }

    @Test
    void natsProbeIsUpWithTheJetStreamAccount() {
        ProbeResult r = twice("nats", "nats://127.0.0.1:" + servers.nats.port());
        assertThat(r.outcome()).as(r.error()).isEqualTo(ProbeResult.Outcome.UP);
        assertThat(r.details()).containsEntry("server_id", "AOT-TRAINING");
        assertThat(r.details().get("jetstream")).isInstanceOfSatisfying(Map.class, js -> assertThat(js).containsEntry("streams", 0L));
    }

    @Test
    void redisProbeIsUpAsAPrimary() {
        ProbeResult r = twice("redis", "redis://127.0.0.1:" + servers.redis.port());
        assertThat(r.outcome()).as(r.error()).isEqualTo(ProbeResult.Outcome.UP);
        assertThat(r.details()).containsEntry("role", "master").containsEntry("used_memory", 1048576L);
    }

    @Test
    void postgresProbeIsUpWithItsStatistics() {
        ProbeResult r = twice("postgres", "postgresql://postgres@127.0.0.1:" + servers.postgres.port() + "/test");
        assertThat(r.outcome()).as(r.error()).isEqualTo(ProbeResult.Outcome.UP);
        assertThat(r.details()).containsEntry("server_version", "16.4").containsEntry("max_connections", 100)
                .containsEntry("role", "primary").containsEntry("stats", "complete");
    }

    @Test
    void theImageTrainingStartsThem() throws Exception {
        String script = Files.readString(Path.of("src/main/docker/aot-train.sh"));
        assertThat(script).contains("-cp \"$APP/app/*\" " + TrainingServers.class.getName());
        assertThat(servers.ports()).matches("nats=\\d+ redis=\\d+ postgres=\\d+"); // the line the script reads
    }

    @Test
    void aQueryThePostgresProbeDoesNotSendIsAnErrorNotAnAnswer() {
        assertThat(PostgresStub.result("SELECT now()")).isNull();
    }

    @Test
    void replySubjectsMatchAsInNats() {
        assertThat(NatsStub.matches("_INBOX.abc.*", "_INBOX.abc.1")).isTrue();
        assertThat(NatsStub.matches("_INBOX.abc.*", "_INBOX.abc.1.2")).isFalse();
        assertThat(NatsStub.matches("_INBOX.>", "_INBOX.abc.1.2")).isTrue();
    }
}
