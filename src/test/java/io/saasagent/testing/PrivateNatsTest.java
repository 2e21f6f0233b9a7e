package io.saasagent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Proves {@link PrivateNats} starts with JetStream, authenticates, pauses, dies and keeps its streams. */
@Timeout(30)
class PrivateNatsTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    /** Generous bound for answers that must come: returns as soon as they do. */
    private static final Duration OK = Duration.ofSeconds(5);

    @Test
    void startsAnswersAndCleansUp() throws IOException {
        PrivateNats nats = new PrivateNats().start();
        List<ProcessHandle> tree;
        Path workDir;
        int port;
        try {
            port = nats.port();
            workDir = nats.workDir();
            tree = HarnessAssertions.tree(nats);
            assertThat(nats.url()).isEqualTo("nats://127.0.0.1:" + port);
            assertThat(RawProbes.natsInfo(nats.host(), port, OK)).startsWith("INFO {").contains("\"jetstream\":true");
            assertThat(nats.ping(OK)).isEqualTo("PONG");
        } finally {
            nats.close();
        }
        HarnessAssertions.assertCleanedUp(tree, workDir, port);
    }

    @Test
    void credentialsAreRequired() throws IOException {
        try (PrivateNats nats = new PrivateNats().withCredentials("agent", "s3cret").start()) {
            assertThat(nats.ping(OK)).isEqualTo("PONG");
            assertThat(RawProbes.natsPing(nats.host(), nats.port(), "agent", "wrong", OK))
                    .startsWith("-ERR").containsIgnoringCase("authorization");
        }
    }

    @Test
    void pausedServerAcceptsButSendsNoInfoUntilResumed() throws IOException {
        try (PrivateNats nats = new PrivateNats().start()) {
            nats.pause();
            assertThatThrownBy(() -> RawProbes.natsInfo(nats.host(), nats.port(), SHORT))
                    .isInstanceOf(SocketTimeoutException.class);
            nats.resume();
            assertThat(nats.ping(OK)).isEqualTo("PONG");
        }
    }

    @Test
    void jetStreamDataSurvivesKillAndRestartOnTheSamePort() throws Exception {
        try (PrivateNats nats = new PrivateNats().start()) {
            createStreamWithOneMessage(nats);
            int port = nats.port();
            nats.kill();
            HarnessAssertions.assertRefused(port);
            nats.restart();
            assertThat(nats.port()).isEqualTo(port);
            assertThat(messageCount(nats)).isEqualTo(1);
        }
    }

    @Test
    void aFixedStoreDirCarriesStreamsToTheNextInstanceAndIsKept(@TempDir Path store) throws Exception {
        try (PrivateNats first = new PrivateNats().withStoreDir(store).start()) {
            createStreamWithOneMessage(first);
        }
        assertThat(Files.isDirectory(store.resolve("jetstream"))).as("store dir kept after close").isTrue();
        try (PrivateNats second = new PrivateNats().withStoreDir(store).start()) {
            assertThat(messageCount(second)).isEqualTo(1);
        }
    }

    @Test
    void aFailedStartReportsTheLogAndLeavesNothingBehind(@TempDir Path tmp) throws IOException {
        Path notADir = Files.writeString(tmp.resolve("file"), "x");
        PrivateNats nats = new PrivateNats().withStoreDir(notADir.resolve("sub"));
        assertThatThrownBy(nats::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code").hasMessageContaining("log tail");
        assertThat(nats.workDir()).isNotNull();
        assertThat(Files.exists(nats.workDir())).isFalse();
        assertThat(nats.isAlive()).isFalse();
    }

    private static Connection connect(PrivateNats nats) throws IOException, InterruptedException {
        return Nats.connect(new Options.Builder().server(nats.url()).connectionTimeout(Duration.ofSeconds(2))
                .maxReconnects(0).build());
    }

    private static void createStreamWithOneMessage(PrivateNats nats) throws Exception {
        try (Connection nc = connect(nats)) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("HEALTH")
                    .subjects("health.>").storageType(StorageType.File).build());
            nc.jetStream().publish("health.probe", "ok".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static long messageCount(PrivateNats nats) throws Exception {
        try (Connection nc = connect(nats)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            return jsm.getStreamInfo("HEALTH").getStreamState().getMsgCount();
        } catch (JetStreamApiException e) {
            throw new AssertionError("stream HEALTH missing after restart", e);
        }
    }
}
