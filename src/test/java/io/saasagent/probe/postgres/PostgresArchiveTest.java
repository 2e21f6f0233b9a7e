package io.saasagent.probe.postgres;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.ProbeContext;

import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeFactory;
import io.saasagent.probe.TestTargets;

import io.saasagent.testing.Await;
import io.saasagent.testing.PrivatePostgres;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WAL archive read by the postgres probe from a real PostgreSQL with archive_mode on and an
 * archive_command the test controls (it copies each segment, or fails while a flag file exists):
 * archiving works -> a small age, healthy; the command fails -> failed_count grows and the probe is
 * degraded within two probes; archiving off -> every figure null with the reason; a role without
 * pg_monitor sees the age but not the queue, and says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class PostgresArchiveTest {
    private PrivatePostgres archiving;
    private Vertx vertx;

    @BeforeAll
    void start() {
        vertx = Vertx.vertx();
        archiving = new PrivatePostgres().withArchiving().start();
        archiving.sql("CREATE ROLE plain_agent LOGIN");
    }

    @AfterAll
    void stop() {
        if (archiving != null) {
            archiving.close();
        }
        vertx.close();
    }

    private Probe probe(PrivatePostgres server, String user, Map<String, String> keys) {
        Map<String, String> all = new HashMap<>(keys);
        all.put("username", user);
        all.put("timeout", "2s");
        all.put("latency-budget", "1900ms"); // a busy machine's slow first connection is not what these tests judge
        return ProbeFactory.create(TestTargets.target("db", "postgres", "postgresql://" + server.hostPort() + "/postgres", all,
                Clock.systemUTC()), new ProbeContext(vertx));
    }

    private static WalArchive archive(ProbeResult r) {
        assertThat(r.success()).as(String.valueOf(r.error())).isTrue();
        WalArchive a = WalArchive.of(r.details());
        assertThat(a).as(r.details().toString()).isNotNull();
        return a;
    }

    @Test
    void workingThenFailingArchiveCommand() {
        try (Probe probe = probe(archiving, "postgres", Map.of("archive-lag-warn", "5m"))) {
            String segment = archiving.switchWal();
            Await.until(Duration.ofSeconds(20), "segment " + segment + " archived",
                    () -> Files.exists(archiving.archiveDir().resolve(segment)));
            WalArchive ok = Await.value(Duration.ofSeconds(10), "the archive read with its age", () -> {
                WalArchive a = archive(probe.check());
                return a.ageSeconds() != null && a.waitingSegments() == 0 ? Optional.of(a) : Optional.empty();
            });
            assertThat(ok.ageSeconds()).isBetween(0.0, 20.0);
            assertThat(ok.failing()).isFalse();
            assertThat(ok.get("last_archived_wal")).isEqualTo(segment);
            assertThat(ok.get("mode")).isEqualTo("on");
            assertThat(ok.reason()).isNull();
            ProbeResult healthy = probe.check();
            assertThat(healthy.outcome()).as(String.valueOf(healthy.error())).isEqualTo(ProbeResult.Outcome.UP);
            long failedBefore = ok.failedCount();

            archiving.failArchiving(true);
            try {
                String stuck = archiving.switchWal();
                // The archiver tries a new segment at once, three times a second apart, then every minute.
                Await.until(Duration.ofSeconds(20), "archive_command failed", () ->
                        Long.parseLong(archiving.sql("SELECT failed_count FROM pg_stat_archiver")) > failedBefore);
                ProbeResult first = probe.check();
                ProbeResult second = first.outcome() == ProbeResult.Outcome.DEGRADED ? first : probe.check();
                assertThat(second.outcome()).as("degraded within two probes: " + second).isEqualTo(ProbeResult.Outcome.DEGRADED);
                assertThat(second.error()).contains("WAL archiving failing").contains(stuck);
                WalArchive failing = archive(second);
                assertThat(failing.failing()).isTrue();
                assertThat(failing.failedCount()).isGreaterThan(failedBefore);
                assertThat(failing.get("last_failed_wal")).isEqualTo(stuck);
                assertThat(failing.waitingSegments()).isGreaterThanOrEqualTo(1L);
                assertThat(failing.get("new_failures")).isNotNull();
            } finally {
                archiving.failArchiving(false);
            }
            // Fixed: the next attempt archives the waiting segment, and the failure is older than the success.
            archiving.switchWal(); // a new segment wakes the archiver now rather than within its minute
            WalArchive recovered = Await.value(Duration.ofSeconds(30), "archiving recovered", () -> {
                WalArchive a = archive(probe.check());
                return !a.failing() && Long.valueOf(0).equals(a.waitingSegments()) ? Optional.of(a) : Optional.empty();
            });
            assertThat(recovered.failedCount()).isGreaterThan(failedBefore);
        }
    }

    @Test
    void anIdleArchiveIsOldButNotLagging() {
        // An age over the warn level with nothing waiting is an idle database, not a broken archive.
        try (Probe probe = probe(archiving, "postgres", Map.of("archive-lag-warn", "1ms"))) {
            archiving.switchWal();
            WalArchive idle = Await.value(Duration.ofSeconds(20), "every segment archived", () -> {
                WalArchive a = archive(probe.check());
                // Over the 1 ms warn level: a probe right after the archiver's own step can see a younger archive.
                return a.ageSeconds() != null && a.ageSeconds() > 0.001 && Long.valueOf(0).equals(a.waitingSegments()) && !a.failing()
                        ? Optional.of(a) : Optional.empty();
            });
            assertThat(idle.ageSeconds()).isGreaterThan(0.001);
            ProbeResult r = probe.check();
            assertThat(r.outcome()).as(String.valueOf(r.error())).isEqualTo(ProbeResult.Outcome.UP);
            // archive_timeout 0: nothing bounds the segment being written but the archive age.
            assertThat(archive(r).rpoSeconds()).isEqualTo(archive(r).ageSeconds(), org.assertj.core.data.Offset.offset(5.0));
        }
    }

    @Test
    void aRoleWithoutPgMonitorSeesTheAgeNotTheQueue() {
        try (Probe probe = probe(archiving, "plain_agent", Map.of())) {
            WalArchive a = archive(probe.check());
            assertThat(a.waitingSegments()).isNull();
            assertThat(a.failedCount()).isNotNull();
            assertThat(a.reason()).contains("lacks pg_monitor").contains("GRANT pg_monitor TO plain_agent");
        }
    }

    @Test
    void archivingOffIsNullWithTheReason() {
        try (PrivatePostgres plain = new PrivatePostgres().start(); Probe probe = probe(plain, "postgres", Map.of())) {
            ProbeResult r = probe.check();
            assertThat(r.outcome()).as(String.valueOf(r.error())).isEqualTo(ProbeResult.Outcome.UP);
            WalArchive off = archive(r);
            assertThat(off.ageSeconds()).isNull();
            assertThat(off.failedCount()).isNull();
            assertThat(off.rpoSeconds()).isNull();
            assertThat(off.get("mode")).isEqualTo("off");
            assertThat(off.reason()).contains("archive_mode is off");
        }
    }

    @Test
    void theRpoIsAtMostArchiveTimeoutWhenNothingWaits() {
        assertThat(ArchiverQuery.rpo(900.0, 0L, 60)).isEqualTo(60.0);
        assertThat(ArchiverQuery.rpo(30.0, 0L, 60)).isEqualTo(30.0);
        assertThat(ArchiverQuery.rpo(900.0, 2L, 60)).isEqualTo(900.0);
        assertThat(ArchiverQuery.rpo(900.0, 0L, 0)).isEqualTo(900.0);
        assertThat(ArchiverQuery.rpo(900.0, null, 60)).as("queue unknown: not bounded").isEqualTo(900.0);
        assertThat(ArchiverQuery.rpo(null, null, 0)).isNull();
    }
}
