package io.saasagent.probe.http;

import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeTarget;
import io.saasagent.probe.TestTargets;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.saasagent.state.CircuitState;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.DependencyState;
import io.saasagent.state.DependencyStatus;
import io.saasagent.testing.FaultProxy;
import io.saasagent.testing.FreePorts;
import io.saasagent.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The openmeter and http probes fed to a real {@link DependencyState} tick by tick, as the probe loop
 * does, on a {@link MutableClock} (thresholds 3 and 2, circuit open 30 s): killed server, hung server
 * and wrong credentials turn the dependency unhealthy after the threshold; it recovers after the
 * success threshold; a flapping server that never fails three times in a row stays healthy.
 */
@Timeout(60)
class HttpProbesThresholdTest {
    private static final String KEY = "om_live_threshold_key";
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock();
    private final int port = FreePorts.next();
    private WireMockServer server;
    private FaultProxy proxy;
    private Probe probe;
    private DependencyState state;

    private void start(String type, String credential) {
        server = OpenMeterApi.server(port);
        healthy();
        proxy = FaultProxy.to(port);
        String path = type.equals("http") ? "/healthz" : "";
        ProbeTarget target = type.equals("http")
                ? TestTargets.target("dep", type, "http://probe:" + credential + "@" + proxy.hostPort() + path, Map.of("timeout", "1s"), clock)
                : TestTargets.target("dep", type, "http://" + proxy.hostPort(), Map.of("api-key", credential, "timeout", "1s"), clock);
        probe = type.equals("http") ? new HttpProbe(target) : new OpenMeterProbe(target);
        state = new DependencyState(new DependencyState.Settings("dep", target.type(), true, 3, 2,
                Duration.ofSeconds(30), 2.0, Duration.ofMinutes(5), Duration.ofMinutes(5)), clock, e -> { });
    }

    /**
     * Both APIs answer only the right credentials: bearer KEY for OpenMeter, user probe / password KEY
     * for http (the stub added last wins when several match, so the catch-all 401 comes first).
     */
    private void healthy() {
        server.stubFor(get(urlPathEqualTo("/api/v1/meters")).willReturn(OpenMeterApi.problem(401, "Unauthorized")));
        OpenMeterApi.meters(server, KEY, OpenMeterApi.ok());
        server.stubFor(get(urlPathEqualTo("/healthz")).willReturn(aResponse().withStatus(401)));
        server.stubFor(get(urlPathEqualTo("/healthz"))
                .withBasicAuth("probe", KEY).willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void stop() {
        if (probe != null) {
            probe.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    /** One tick of the loop: time passes by one interval, the breaker is asked, the probe runs. */
    private DependencySnapshot tick() {
        clock.advance(INTERVAL);
        if (state.permitProbe()) {
            state.record(probe.check());
        }
        return state.snapshot();
    }

    private void assertHealthy(DependencySnapshot s) {
        assertThat(s.status()).as("last error: %s", s.lastError()).isEqualTo(DependencyStatus.HEALTHY);
    }

    private void ticksUntilUnhealthy() {
        for (int failure = 1; failure <= 2; failure++) {
            DependencySnapshot s = tick();
            assertThat(s.consecutiveFailures()).isEqualTo(failure);
            assertThat(s.status()).as("a failure below the threshold changes nothing").isEqualTo(DependencyStatus.HEALTHY);
        }
        DependencySnapshot third = tick();
        assertThat(third.consecutiveFailures()).isEqualTo(3);
        assertThat(third.status()).isEqualTo(DependencyStatus.CIRCUIT_OPEN);
        assertThat(third.circuit()).isEqualTo(CircuitState.OPEN);
    }

    /** The circuit half-opens after 30 s; then two successes in a row bring the dependency back. */
    private void recovers() {
        DependencySnapshot trial = null;
        for (int i = 0; i < 4 && (trial == null || trial.consecutiveSuccesses() == 0); i++) {
            trial = tick();
        }
        assertThat(trial.consecutiveSuccesses()).isEqualTo(1);
        assertThat(trial.circuit()).isEqualTo(CircuitState.CLOSED);
        assertThat(trial.status()).as("one success is not enough").isEqualTo(DependencyStatus.UNHEALTHY);
        assertHealthy(tick());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openmeter", "http"})
    void aKilledServerTurnsUnhealthyAfterThreeFailuresAndRecovers(String type) {
        start(type, KEY);
        assertHealthy(tick());
        server.stop();
        ticksUntilUnhealthy();
        assertThat(state.snapshot().lastError()).isNotBlank();

        server.start(); // same port: the server comes back
        healthy();
        recovers();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openmeter", "http"})
    void aHungServerFailsEachProbeAtItsTimeoutAndRecovers(String type) {
        start(type, KEY);
        assertHealthy(tick());
        proxy.set(FaultProxy.Mode.BLACKHOLE);
        long start = System.nanoTime();
        ticksUntilUnhealthy();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("three 1 s timeouts, not a stuck probe")
                .isLessThan(Duration.ofSeconds(6));
        assertThat(state.snapshot().lastError()).isEqualTo("timeout after 1000 ms");

        proxy.set(FaultProxy.Mode.PASS);
        recovers();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openmeter", "http"})
    void wrongCredentialsTurnUnhealthyAfterThreeFailures(String type) {
        start(type, "wrong-credential");
        clock.advance(INTERVAL);
        for (int i = 0; i < 3; i++) {
            tick();
        }
        DependencySnapshot s = state.snapshot();
        assertThat(s.status()).isEqualTo(DependencyStatus.CIRCUIT_OPEN);
        assertThat(s.lastError()).doesNotContain("wrong-credential")
                .startsWith(type.equals("openmeter") ? "unauthorized" : "unexpected HTTP status 401");
        if (type.equals("openmeter")) {
            assertThat(s.details()).containsEntry("unauthorized", true);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openmeter", "http"})
    void aFlappingServerThatNeverFailsThreeTimesInARowStaysHealthy(String type) {
        start(type, KEY);
        for (int round = 0; round < 5; round++) {
            proxy.set(FaultProxy.Mode.PASS);
            assertHealthy(tick());
            proxy.set(round % 2 == 0 ? FaultProxy.Mode.REFUSE : FaultProxy.Mode.RESET);
            tick();
            DependencySnapshot s = tick();
            assertThat(s.consecutiveFailures()).isEqualTo(2);
            assertThat(s.status()).isEqualTo(DependencyStatus.HEALTHY);
            assertThat(s.circuit()).isEqualTo(CircuitState.CLOSED);
        }
    }
}
