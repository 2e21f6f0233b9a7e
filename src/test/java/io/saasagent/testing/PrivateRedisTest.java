package io.saasagent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proves {@link PrivateRedis} (and so the {@link PrivateServer} lifecycle) does what it says. */
@Timeout(30)
class PrivateRedisTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    /** Generous bound for answers that must come: returns as soon as they do. */
    private static final Duration OK = Duration.ofSeconds(5);

    @Test
    void startsAnswersAndCleansUp() throws IOException {
        PrivateRedis redis = new PrivateRedis().start();
        List<ProcessHandle> tree;
        Path workDir;
        int port;
        try {
            port = redis.port();
            workDir = redis.workDir();
            tree = HarnessAssertions.tree(redis);
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + port);
            assertThat(redis.ping(OK)).isEqualTo("+PONG");
            assertThat(redis.isAlive()).isTrue();
            assertThat(Files.isDirectory(workDir)).isTrue();
            assertThat(redis.logs()).contains("=== [harness] start #1");
        } finally {
            redis.close();
        }
        HarnessAssertions.assertCleanedUp(tree, workDir, port);
        assertThat(redis.isAlive()).isFalse();
    }

    @Test
    void requirepassRejectsClientsWithoutThePassword() throws IOException {
        try (PrivateRedis redis = new PrivateRedis("s3cret").start()) {
            assertThat(redis.ping(OK)).isEqualTo("+PONG");
            assertThat(RawProbes.redisPing(redis.host(), redis.port(), OK)).startsWith("-NOAUTH");
            assertThat(RawProbes.redisPing(redis.host(), redis.port(), "wrong", OK)).startsWith("-WRONGPASS");
        }
    }

    @Test
    void killRefusesConnectionsAndRestartRecoversOnTheSamePort() throws IOException {
        try (PrivateRedis redis = new PrivateRedis().start()) {
            int port = redis.port();
            long pid = redis.pid();
            redis.kill();
            assertThat(redis.isAlive()).isFalse();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
            HarnessAssertions.assertRefused(port);

            redis.restart();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.pid()).isNotEqualTo(pid);
            assertThat(redis.ping(OK)).isEqualTo("+PONG");
            assertThat(redis.logs()).contains("=== [harness] start #2");
        }
    }

    @Test
    void pausedServerAcceptsButDoesNotAnswerUntilResumed() throws IOException {
        try (PrivateRedis redis = new PrivateRedis().start()) {
            redis.pause();
            assertThat(redis.isPaused()).isTrue();
            RawProbes.connect(redis.host(), redis.port(), OK).close(); // the kernel still accepts
            assertThatThrownBy(() -> redis.ping(SHORT)).isInstanceOf(SocketTimeoutException.class);

            redis.resume();
            assertThat(redis.ping(OK)).isEqualTo("+PONG");
        }
    }

    @Test
    void stopAndStartAgainOnTheSamePort() throws IOException {
        try (PrivateRedis redis = new PrivateRedis().start()) {
            int port = redis.port();
            redis.stop();
            HarnessAssertions.assertRefused(port);
            redis.start();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.ping(OK)).isEqualTo("+PONG");
        }
    }

    @Test
    void closingAPausedServerKillsIt() {
        PrivateRedis redis = new PrivateRedis().start();
        List<ProcessHandle> tree = HarnessAssertions.tree(redis);
        redis.pause();
        redis.close();
        HarnessAssertions.assertCleanedUp(tree, redis.workDir(), redis.port());
    }
}
