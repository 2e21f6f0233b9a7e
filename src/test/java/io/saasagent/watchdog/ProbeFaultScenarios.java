package io.saasagent.watchdog;

import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeContext;
import io.saasagent.probe.ProbeFactory;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.ProbeTarget;
import io.saasagent.probe.TestTargets;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.DependencyStatus;
import io.saasagent.testing.Await;
import io.saasagent.testing.FaultProxy;
import io.saasagent.testing.PrivateServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault contract every connection probe must meet, driven through the real {@link ProbeLoop}
 * and {@code DependencyState} against a private server of its type that requires credentials:
 * killed, frozen (SIGSTOP), blackholed, wrong credentials, flapping. Each subclass says how to
 * start its server and how to address it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
abstract class ProbeFaultScenarios<S extends PrivateServer<S>> {
    static final String CANARY = "canary-Pw-123";
    static final Duration TIMEOUT = Duration.ofMillis(300);

    private final String type;
    private final String path;
    private final String user;
    protected final String password;
    protected S server;
    private Vertx vertx;

    /**
     * @param path     what follows host:port in the URL ("/postgres")
     * @param user     the user the server requires, or null when it takes a password alone
     * @param password the password the server requires
     */
    ProbeFaultScenarios(String type, String path, String user, String password) {
        this.type = type;
        this.path = path;
        this.user = user;
        this.password = password;
    }

    /** Starts the private server, requiring the user and password given to the constructor. */
    protected abstract S startServer();

    /** The URL of a server at {@code hostPort}, with {@code userinfo} ("user:password") when not null. */
    private String url(String hostPort, String userinfo) {
        return type + "://" + (userinfo == null ? "" : userinfo + "@") + hostPort + path;
    }

    /** The configuration keys carrying the right credentials. */
    private Map<String, String> credentials() {
        return user == null ? Map.of("password", password) : Map.of("username", user, "password", password);
    }

    /** The userinfo with the right user and the canary as password. */
    private String wrongUserinfo() {
        return (user == null ? "" : user) + ":" + CANARY;
    }

    @BeforeAll
    void startAll() {
        vertx = Vertx.vertx();
        long begin = System.nanoTime();
        server = startServer();
        System.out.printf("[probe-tests] private %s started in %d ms%n", type, (System.nanoTime() - begin) / 1_000_000);
        // One check first, so that no scenario's first probe pays for loading the client's classes.
        ProbeTarget warmUp = target(server.hostPort(), null, credentials(), Duration.ofSeconds(5));
        try (Probe probe = ProbeFactory.create(warmUp, new ProbeContext(vertx))) {
            ProbeResult result = probe.check();
            assertThat(result.success()).as("warm-up check of the private %s: %s", type, result.error()).isTrue();
        }
    }

    @AfterAll
    void stopAll() {
        if (server != null) {
            server.close();
        }
        vertx.close();
    }

    @BeforeEach
    void serverRunning() {
        if (server.isPaused()) {
            server.resume();
        }
        if (!server.isAlive()) {
            server.start();
        }
    }

    private ProbeTarget target(String hostPort, String userinfo, Map<String, String> keys, Duration timeout) {
        Map<String, String> all = new HashMap<>(keys);
        all.put("timeout", timeout.toMillis() + "ms");
        all.put("interval", timeout.toMillis() + "ms"); // for the validator only: the rig ticks every 100 ms
        return TestTargets.target(type, type, url(hostPort, userinfo), all, Clock.systemUTC());
    }

    private LoopRig rig(String hostPort, String userinfo, Map<String, String> keys) {
        return rig(hostPort, userinfo, keys, TIMEOUT);
    }

    private LoopRig rig(String hostPort, String userinfo, Map<String, String> keys, Duration timeout) {
        ProbeTarget target = target(hostPort, userinfo, keys, timeout);
        return new LoopRig(target, ProbeFactory.create(target, new ProbeContext(vertx)));
    }

    private LoopRig healthyRig(String hostPort) {
        LoopRig rig = rig(hostPort, null, credentials()).start();
        DependencySnapshot healthy = rig.awaitHealthy(0);
        assertThat(healthy.details()).isNotEmpty();
        return rig;
    }

    @Test
    void killedTurnsUnhealthyAtTheThresholdAndRecoversAfterARestartOnTheSamePort() {
        try (LoopRig rig = healthyRig(server.hostPort())) {
            int mark = rig.mark();
            server.kill();
            DependencySnapshot down = rig.awaitDown(mark);
            assertThat(down.consecutiveFailures()).isEqualTo(LoopRig.FAILURE_THRESHOLD);
            assertThat(down.lastError()).isNotBlank().doesNotContain("authentication");

            mark = rig.mark();
            long begin = System.nanoTime();
            server.start();
            System.out.printf("[probe-tests] private %s restarted in %d ms%n", type, (System.nanoTime() - begin) / 1_000_000);
            DependencySnapshot healthy = rig.awaitHealthy(mark);
            assertThat(healthy.consecutiveSuccesses()).isEqualTo(LoopRig.SUCCESS_THRESHOLD);
        }
    }

    @Test
    void pausedFailsByTimeoutWhileTheLoopKeepsTickingAndRecoversOnResume() {
        try (LoopRig rig = healthyRig(server.hostPort())) {
            int mark = rig.mark();
            server.pause();
            assertTimeoutFailures(rig, mark);

            mark = rig.mark();
            server.resume();
            assertThat(rig.awaitHealthy(mark).consecutiveSuccesses()).isEqualTo(LoopRig.SUCCESS_THRESHOLD);
        }
    }

    @Test
    void blackholedFailsByTimeoutAndRecoversWhenTheProxyPassesAgain() {
        try (FaultProxy proxy = FaultProxy.to(server.port()); LoopRig rig = healthyRig(proxy.hostPort())) {
            int mark = rig.mark();
            proxy.set(FaultProxy.Mode.BLACKHOLE);
            assertTimeoutFailures(rig, mark);

            mark = rig.mark();
            proxy.set(FaultProxy.Mode.PASS);
            assertThat(rig.awaitHealthy(mark).consecutiveSuccesses()).isEqualTo(LoopRig.SUCCESS_THRESHOLD);
        }
    }

    /** Unhealthy at exactly the threshold, by a timeout result that took the timeout; then the loop goes on probing. */
    private void assertTimeoutFailures(LoopRig rig, int mark) {
        DependencySnapshot down = rig.awaitDown(mark);
        assertThat(down.consecutiveFailures()).isEqualTo(LoopRig.FAILURE_THRESHOLD);
        assertThat(down.lastError()).startsWith("timeout after ");
        assertThat(down.latency()).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(10));
        int more = LoopRig.FAILURE_THRESHOLD + 2;
        Await.until(Duration.ofSeconds(10), "the loop still probing the hung " + type,
                () -> rig.state.snapshot().consecutiveFailures() >= more);
    }

    @Test
    void wrongCredentialsAreAnAuthenticationFailureThatNeverShowsTheSecret() {
        try (LoopRig rig = rig(server.hostPort(), wrongUserinfo(), Map.of()).start()) {
            DependencySnapshot down = rig.awaitDown(0);
            assertThat(down.consecutiveFailures()).isEqualTo(LoopRig.FAILURE_THRESHOLD);
            assertThat(rig.firstChangeSince(0)).contains(down); // unknown -> down directly, never healthy
            assertThat(down.lastError()).startsWith("authentication failed");
            for (DependencySnapshot s : rig.snapshotsSince(0)) {
                assertThat(String.valueOf(s.lastError())).doesNotContain(CANARY);
                assertThat(String.valueOf(s.details())).doesNotContain(CANARY);
            }
        }
    }

    /**
     * Deterministic flapping: the proxy refuses (and resets) exactly on the ticks of a pattern that
     * never has 3 failures in a row, and the loop is ticked by hand, so the pattern is exact.
     */
    @Test
    void flappingThatNeverFailsThreeTimesInARowNeverTurnsUnhealthy() {
        // A refusal fails at once; the timeout only bounds the reconnects of the passing ticks, which a loaded
        // machine may slow past TIMEOUT (a timeout there would be a failure the pattern did not ask for).
        try (FaultProxy proxy = FaultProxy.to(server.port()); LoopRig rig = rig(proxy.hostPort(), null, credentials(), Duration.ofSeconds(5))) {
            List<Boolean> pattern = List.of(true, false, false, true, false, true, false, false, true, false, false, true);
            for (boolean up : pattern) {
                proxy.set(up ? FaultProxy.Mode.PASS : FaultProxy.Mode.REFUSE);
                rig.loop.tick();
            }
            List<DependencySnapshot> seen = rig.snapshotsSince(0);
            assertThat(seen).extracting(DependencySnapshot::status).doesNotContain(DependencyStatus.UNHEALTHY, DependencyStatus.CIRCUIT_OPEN);
            assertThat(seen).extracting(DependencySnapshot::consecutiveFailures).contains(2).doesNotContain(3);
            assertThat(rig.state.snapshot().status()).isEqualTo(DependencyStatus.HEALTHY);

            // The control: a third failure in a row does turn it down.
            int mark = rig.mark();
            proxy.set(FaultProxy.Mode.REFUSE);
            for (int i = 0; i < LoopRig.FAILURE_THRESHOLD; i++) {
                rig.loop.tick();
            }
            assertThat(rig.firstChangeSince(mark)).hasValueSatisfying(s -> assertThat(LoopRig.DOWN).contains(s.status()));
        }
    }
}
