package io.saasagent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasagent.testing.FaultProxy.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves each {@link FaultProxy} mode against a real private Redis spoken to over raw sockets
 * ({@code PING} → {@code +PONG}), on new and on existing connections.
 */
@Timeout(20)
class FaultProxyTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    /** Generous bound for answers that must come: returns as soon as they do. */
    private static final Duration OK = Duration.ofSeconds(5);
    private static PrivateRedis redis;
    private FaultProxy proxy;

    @BeforeAll
    static void startRedis() {
        redis = new PrivateRedis().start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void startProxy() {
        proxy = FaultProxy.to(redis.port());
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @Test
    void passForwardsAndCountsConnections() throws IOException {
        assertThat(proxy.mode()).isEqualTo(Mode.PASS);
        assertThat(ping()).isEqualTo("+PONG");
        assertThat(ping()).isEqualTo("+PONG");
        assertThat(proxy.connectionCount()).isEqualTo(2);
        try (Socket s = open()) {
            assertThat(pingOn(s)).isEqualTo("+PONG");
            assertThat(pingOn(s)).as("same connection keeps forwarding").isEqualTo("+PONG");
        }
    }

    @Test
    void refuseRefusesNewConnectionsResetsOpenOnesAndRebindsTheSamePortOnPass() throws IOException {
        int port = proxy.port();
        try (Socket existing = open()) {
            assertThat(pingOn(existing)).isEqualTo("+PONG");
            proxy.set(Mode.REFUSE);
            assertThatThrownBy(() -> pingOn(existing)).isInstanceOf(IOException.class)
                    .isNotInstanceOf(SocketTimeoutException.class);
        }
        int accepted = proxy.connectionCount();
        assertThatThrownBy(this::ping).isInstanceOf(ConnectException.class);
        assertThat(proxy.connectionCount()).as("a refused connect is never accepted").isEqualTo(accepted);

        proxy.set(Mode.PASS);
        assertThat(RawProbes.redisPing("127.0.0.1", port, OK)).as("same port answers again").isEqualTo("+PONG");
    }

    @Test
    void resetResetsOpenAndNewConnections() throws IOException {
        try (Socket existing = open()) {
            assertThat(pingOn(existing)).isEqualTo("+PONG");
            proxy.set(Mode.RESET);
            assertThatThrownBy(() -> existing.getInputStream().read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
        int before = proxy.connectionCount();
        assertThatThrownBy(this::ping).isInstanceOf(SocketException.class);
        assertThat(proxy.connectionCount()).as("RESET accepts, then resets").isEqualTo(before + 1);

        proxy.set(Mode.PASS);
        assertThat(ping()).isEqualTo("+PONG");
    }

    @Test
    void blackholeAcceptsButNeverAnswers() throws IOException {
        proxy.set(Mode.BLACKHOLE);
        long start = System.nanoTime();
        assertThatThrownBy(() -> RawProbes.redisPing(proxy.host(), proxy.port(), SHORT))
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT);
        Await.until(OK, "the connection was accepted", () -> proxy.connectionCount() == 1);
    }

    @Test
    void blackholeStallsOpenConnectionsBothWaysAndPassResumesThemWithoutLoss() throws IOException {
        try (Socket existing = open()) {
            assertThat(pingOn(existing)).isEqualTo("+PONG");
            proxy.set(Mode.BLACKHOLE);
            existing.setSoTimeout((int) SHORT.toMillis());
            assertThatThrownBy(() -> pingOn(existing)).isInstanceOf(SocketTimeoutException.class);
            existing.setSoTimeout((int) OK.toMillis());
            proxy.set(Mode.PASS);
            assertThat(RawProbes.readLine(existing.getInputStream())).as("held reply delivered").isEqualTo("+PONG");
            assertThat(pingOn(existing)).isEqualTo("+PONG");
        }
    }

    @Test
    void latencyDelaysEachChunk() throws IOException {
        Duration delay = Duration.ofMillis(200);
        proxy.latency(delay);
        try (Socket s = RawProbes.connect(proxy.host(), proxy.port(), Duration.ofSeconds(5))) {
            long start = System.nanoTime();
            assertThat(pingOn(s)).isEqualTo("+PONG");
            Duration roundTrip = Duration.ofNanos(System.nanoTime() - start);
            assertThat(roundTrip).as("request and reply are each delayed").isGreaterThanOrEqualTo(delay.multipliedBy(2));

            proxy.latency(Duration.ZERO);
            start = System.nanoTime();
            assertThat(pingOn(s)).isEqualTo("+PONG");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(delay);
        }
    }

    @Test
    void flapAlternatesBetweenPassAndRefuseUntilStopped() {
        proxy.flap(Duration.ofMillis(250), Duration.ofMillis(250));
        assertThat(proxy.isFlapping()).isTrue();
        List<Boolean> transitions = new ArrayList<>();
        Await.until(Duration.ofSeconds(8), "up, down, up, down observed", () -> {
            boolean up = isUp();
            if (transitions.isEmpty() || transitions.get(transitions.size() - 1) != up) {
                transitions.add(up);
            }
            return transitions.size() >= 4;
        });
        assertThat(transitions.get(0)).as("flapping starts with PASS").isTrue();

        proxy.set(Mode.PASS);
        assertThat(proxy.isFlapping()).isFalse();
        Await.holds(Duration.ofMillis(600), "stays up once flapping stopped", this::isUp);
    }

    @Test
    void flapCanBlackholeInsteadOfRefusing() {
        proxy.flap(Duration.ofMillis(200), Duration.ofMillis(1000), Mode.BLACKHOLE);
        Await.until(Duration.ofSeconds(5), "proxy blackholed", () -> proxy.mode() == Mode.BLACKHOLE);
        assertThatThrownBy(() -> RawProbes.redisPing(proxy.host(), proxy.port(), Duration.ofMillis(200)))
                .isInstanceOf(SocketTimeoutException.class);
        Await.until(Duration.ofSeconds(5), "answers again", this::isUp);
        proxy.stopFlapping();
        assertThat(proxy.isFlapping()).isFalse();
    }

    @Test
    void upstreamRefusalReachesTheClientAsReset() {
        try (FaultProxy toNowhere = FaultProxy.to(FreePorts.next())) {
            assertThatThrownBy(() -> RawProbes.redisPing(toNowhere.host(), toNowhere.port(), OK))
                    .isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void forwardsOtherProtocolsToo() throws IOException {
        try (PrivateNats nats = new PrivateNats().start(); FaultProxy natsProxy = FaultProxy.to(nats.port())) {
            assertThat(RawProbes.natsInfo(natsProxy.host(), natsProxy.port(), OK)).startsWith("INFO {");
            natsProxy.set(Mode.BLACKHOLE);
            assertThatThrownBy(() -> RawProbes.natsInfo(natsProxy.host(), natsProxy.port(), SHORT))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void closeReleasesThePortTheConnectionsAndTheThreads() throws IOException {
        Socket existing = open();
        assertThat(pingOn(existing)).isEqualTo("+PONG");
        int port = proxy.port();
        proxy.close();
        HarnessAssertions.assertRefused(port);
        assertThatThrownBy(() -> pingOn(existing)).isInstanceOf(IOException.class);
        existing.close();
        Await.until(Duration.ofSeconds(5), "no fault-proxy-" + port + " thread left",
                () -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith("fault-proxy-" + port + "-")));
        assertThat(proxy.openConnections()).isZero();
    }

    // ---------------------------------------------------------------------------------------------

    private String ping() throws IOException {
        return RawProbes.redisPing(proxy.host(), proxy.port(), OK);
    }

    private boolean isUp() {
        try {
            return "+PONG".equals(RawProbes.redisPing(proxy.host(), proxy.port(), Duration.ofMillis(500)));
        } catch (IOException e) {
            return false;
        }
    }

    private Socket open() throws IOException {
        return RawProbes.connect(proxy.host(), proxy.port(), OK);
    }

    private static String pingOn(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        return RawProbes.readLine(in);
    }
}
