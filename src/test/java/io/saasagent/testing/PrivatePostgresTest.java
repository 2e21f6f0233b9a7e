package io.saasagent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasagent.testing.FaultProxy.Mode;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proves {@link PrivatePostgres} starts as the postgres user, runs SQL, authenticates, pauses, dies and recovers. */
@Timeout(60)
class PrivatePostgresTest {

    private static final Duration SHORT = Duration.ofMillis(500);
    /** Generous bound for answers that must come: returns as soon as they do. */
    private static final Duration OK = Duration.ofSeconds(5);

    @Test
    void startsAnswersRunsSqlAndCleansUp() {
        PrivatePostgres pg = new PrivatePostgres().start();
        List<ProcessHandle> tree;
        Path workDir;
        int port;
        try {
            port = pg.port();
            workDir = pg.workDir();
            tree = HarnessAssertions.tree(pg);
            assertThat(tree).as("postmaster and its helper processes").hasSizeGreaterThan(1);
            assertThat(pg.jdbcLikeUrl()).isEqualTo("postgresql://127.0.0.1:" + port + "/postgres");
            assertThat(pg.sql("SELECT 1 + 1")).isEqualTo("2");
            assertThat(pg.sql("SHOW fsync")).isEqualTo("off");
            assertThat(pg.sql("SELECT current_setting('port')")).isEqualTo(Integer.toString(port));
            if (PrivateServer.runningAsRoot()) {
                assertThat(ProcessHandle.of(pg.pid()).flatMap(h -> h.info().user())).contains("postgres");
            }
        } finally {
            pg.close();
        }
        HarnessAssertions.assertCleanedUp(tree, workDir, port);
    }

    @Test
    void passwordUserRejectsWrongCredentials() {
        try (PrivatePostgres pg = new PrivatePostgres().withPasswordUser("app", "s3cret").start()) {
            assertThat(pg.psql("app", "s3cret", "postgres", "SELECT current_user").orThrow()).isEqualTo("app");
            PrivatePostgres.SqlResult wrong = pg.psql("app", "wrong", "postgres", "SELECT 1");
            assertThat(wrong.exitCode()).isEqualTo(2);
            assertThat(wrong.err()).contains("password authentication failed for user \"app\"");
            assertThat(pg.psql("nobody", null, "postgres", "SELECT 1").err()).contains("role \"nobody\" does not exist");
        }
    }

    @Test
    void killRefusesConnectionsAndRestartRecoversDataOnTheSamePort() {
        try (PrivatePostgres pg = new PrivatePostgres().start()) {
            pg.sql("CREATE TABLE survivor(x int); INSERT INTO survivor VALUES (42)");
            int port = pg.port();
            List<ProcessHandle> tree = HarnessAssertions.tree(pg);
            pg.kill();
            Await.until(Duration.ofSeconds(5), "whole tree killed", () -> tree.stream().noneMatch(ProcessHandle::isAlive));
            HarnessAssertions.assertRefused(port);

            pg.restart();
            assertThat(pg.port()).isEqualTo(port);
            assertThat(pg.sql("SELECT x FROM survivor")).isEqualTo("42");
        }
    }

    @Test
    void pausedServerAcceptsButDoesNotAnswerUntilResumed() throws IOException {
        try (PrivatePostgres pg = new PrivatePostgres().start()) {
            pg.pause();
            assertThatThrownBy(() -> RawProbes.pgStartup(pg.host(), pg.port(), "postgres", "postgres", SHORT))
                    .isInstanceOf(SocketTimeoutException.class);
            pg.resume();
            assertThat(RawProbes.pgStartup(pg.host(), pg.port(), "postgres", "postgres", OK)).isEqualTo("READY");
        }
    }

    @Test
    void killedThenClosedLeavesNoSharedMemory() throws IOException {
        PrivatePostgres pg = new PrivatePostgres().start();
        String key;
        try {
            key = Files.readAllLines(pg.dataDir().resolve("postmaster.pid")).get(6).trim().split("\\s+")[0];
            assertThat(ipcsKeys()).contains(key);
            pg.kill();
        } finally {
            pg.close();
        }
        assertThat(ipcsKeys()).doesNotContain(key);
    }

    @Test
    void worksThroughAFaultProxy() throws IOException {
        try (PrivatePostgres pg = new PrivatePostgres().start(); FaultProxy proxy = FaultProxy.to(pg.port())) {
            assertThat(RawProbes.pgStartup(proxy.host(), proxy.port(), "postgres", "postgres", OK)).isEqualTo("READY");
            assertThat(pg.psql("postgres", null, "postgres", "SELECT 1").orThrow()).isEqualTo("1");
            proxy.set(Mode.BLACKHOLE);
            assertThatThrownBy(() -> RawProbes.pgStartup(proxy.host(), proxy.port(), "postgres", "postgres", SHORT))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    /** Decimal SysV shared memory keys, as PostgreSQL writes them in postmaster.pid. */
    private static List<String> ipcsKeys() {
        String out = PrivateServer.run(Duration.ofSeconds(5), List.of("ipcs", "-m"));
        return out.lines().map(String::trim).filter(l -> l.startsWith("0x"))
                .map(l -> Long.toString(Long.parseUnsignedLong(l.split("\\s+")[0].substring(2), 16)))
                .collect(java.util.stream.Collectors.toList());
    }
}
