package io.saasagent.probe.postgres;

import io.saasagent.probe.FailureClass;
import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeContext;
import io.saasagent.probe.ProbeFactory;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.TestTargets;

import io.saasagent.testing.Await;
import io.saasagent.testing.PrivatePostgres;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real PostgreSQL: a rotated password file (swapped like Kubernetes swaps a mounted Secret), a
 * rejected password classed as such, and what a role without pg_monitor can and cannot see.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class PostgresCredentialsTest {
    private static final String USER = "app";
    private static final String FIRST = "first-Secret-4711";
    private static final String SECOND = "second-Secret-0815";

    private PrivatePostgres server;
    private Vertx vertx;

    @BeforeAll
    void start() {
        vertx = Vertx.vertx();
        server = new PrivatePostgres().withPasswordUser(USER, FIRST).start();
        server.sql("CREATE ROLE plain_agent LOGIN; CREATE ROLE monitor_agent LOGIN; GRANT pg_monitor TO monitor_agent");
    }

    @AfterAll
    void stop() {
        server.close();
        vertx.close();
    }

    private Probe probe(String user, Map<String, String> keys) {
        Map<String, String> all = new HashMap<>(keys);
        all.put("username", user);
        all.put("timeout", "2s");
        return ProbeFactory.create(TestTargets.target("db", "postgres", "postgresql://" + server.hostPort() + "/postgres", all,
                Clock.systemUTC()), new ProbeContext(vertx));
    }

    /** A Kubernetes Secret volume: the file is a symlink through ..data to a timestamped directory, swapped atomically. */
    private static void mount(Path volume, String version, String password) throws Exception {
        Path dir = Files.createDirectories(volume.resolve(".." + version));
        Files.writeString(dir.resolve("password"), password + "\n");
        Path next = volume.resolve("..data_tmp");
        Files.deleteIfExists(next);
        Files.createSymbolicLink(next, dir.getFileName());
        Files.move(next, volume.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (!Files.exists(volume.resolve("password"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(volume.resolve("password"), Path.of("..data/password"));
        }
    }

    private void terminateProbeBackends() {
        server.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'saas-agent-probe'");
    }

    @Test
    void aRotatedPasswordFileIsReadAgainAndTheProbeReconnectsWithIt(@TempDir Path volume) throws Exception {
        mount(volume, "2026_01_01", FIRST);
        try (Probe probe = probe(USER, Map.of("password-file", volume.resolve("password").toString()))) {
            assertThat(probe.check().success()).isTrue();

            server.sql("ALTER ROLE " + USER + " PASSWORD '" + SECOND + "'");
            terminateProbeBackends();
            // The first check may meet the terminated backend (an outage); the reconnect with the old password is refused.
            ProbeResult stale = probe.check();
            if (stale.failureClass() == FailureClass.OUTAGE) {
                stale = probe.check();
            }
            assertThat(stale.success()).as("old password after the backend is gone").isFalse();
            assertThat(stale.failureClass()).isEqualTo(FailureClass.REJECTED);
            assertThat(stale.error()).contains("authentication failed").doesNotContain(FIRST).doesNotContain(SECOND);

            mount(volume, "2026_01_02", SECOND);
            ProbeResult rotated = probe.check();
            assertThat(rotated.success()).as("the new password, read from the swapped file: %s", rotated.error()).isTrue();

            // The open connection was made with the first password: a rotation also reconnects an established probe.
            server.sql("ALTER ROLE " + USER + " PASSWORD '" + FIRST + "'");
            mount(volume, "2026_01_03", FIRST);
            assertThat(probe.check().success()).isTrue();
            assertThat(server.sql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'saas-agent-probe'")).isEqualTo("1");
        }
    }

    @Test
    void aWrongPasswordIsARejectionNotAnOutage() {
        try (Probe probe = probe(USER, Map.of("password", "wrong-Secret-999"))) {
            for (int i = 0; i < 3; i++) {
                ProbeResult r = probe.check();
                assertThat(r.success()).isFalse();
                assertThat(r.failureClass()).isEqualTo(FailureClass.REJECTED);
            }
        }
        try (Probe probe = ProbeFactory.create(TestTargets.target("db", "postgres", "postgresql://" + server.hostPort() + "/no_such_db",
                Map.of("timeout", "2s"), Clock.systemUTC()), new ProbeContext(vertx))) {
            assertThat(probe.check().failureClass()).as("unknown database").isEqualTo(FailureClass.REJECTED);
        }
    }

    @Test
    void withoutPgMonitorTheFiguresAreNullWithTheGrantAndWithItAnotherRolesLongTransactionDegrades() throws Exception {
        Map<String, String> keys = Map.of("transaction-age-warn", "1s");
        Process holder = new ProcessBuilder(PrivatePostgres.binDir().resolve("psql").toString(), "-X", "-q", "-h", "127.0.0.1",
                "-p", Integer.toString(server.port()), "-U", "postgres", "-d", "postgres",
                "-c", "BEGIN; SELECT txid_current(); SELECT pg_sleep(60); COMMIT;").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (Probe plain = probe("plain_agent", keys); Probe monitor = probe("monitor_agent", keys)) {
            Await.until(Duration.ofSeconds(10), "the other role's transaction is open",
                    () -> !server.sql("SELECT count(*) FROM pg_stat_activity WHERE xact_start < now() - interval '2 seconds' "
                            + "AND usename = 'postgres' AND backend_type = 'client backend' AND pid <> pg_backend_pid()").equals("0"));

            ProbeResult blind = plain.check();
            assertThat(blind.outcome()).as("no figure to judge: %s", blind.error()).isEqualTo(ProbeResult.Outcome.UP);
            assertThat(blind.details()).containsEntry("backends", null).containsEntry("oldest_transaction_seconds", null)
                    .containsEntry("replicas", null);
            assertThat(blind.details().get("stats").toString()).contains("pg_monitor").contains("GRANT pg_monitor TO plain_agent");

            ProbeResult seeing = monitor.check();
            assertThat(seeing.outcome()).isEqualTo(ProbeResult.Outcome.DEGRADED);
            assertThat(seeing.error()).contains("a transaction open for");
            assertThat((Double) seeing.details().get("oldest_transaction_seconds")).isGreaterThan(1.0);
            assertThat((Long) seeing.details().get("backends")).isGreaterThanOrEqualTo(2L);
            assertThat(seeing.details()).containsEntry("stats", "complete");
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
