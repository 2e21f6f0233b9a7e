package io.saasagent.metrics;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.saasagent.config.TestConfigs;
import io.saasagent.config.DependencyType;
import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeContext;
import io.saasagent.probe.ProbeFactory;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.TestTargets;
import io.saasagent.state.DependencyState;
import io.saasagent.state.DependencyStatus;
import io.saasagent.testing.PrivateTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The {@code tls} dependency type against real TLS servers on loopback serving certificates made by the
 * test (one expiring in 10 days, one in 40, one expired, one for another name): the statuses the agent
 * shows for each, the chain and host name verified against tls-ca-file, the expiry reported even when
 * verification fails, and {@code certificate_expiry_seconds{dependency}} from the same probes.
 */
@Timeout(60)
class TlsDependencyTest {
    static final PrivateTls TLS = new PrivateTls();
    static int soon;
    static int fine;
    static int expired;
    static int otherName;
    static int future;

    @BeforeAll
    static void servers() {
        soon = TLS.serve("soon", "localhost", 1, 11);
        fine = TLS.serve("fine", "localhost", 1, 41);
        expired = TLS.serve("expired", "localhost", 50, 40);
        otherName = TLS.serve("other", "api.example.test", 1, 41);
        future = TLS.serve("future", "localhost", -2, 90);
    }

    @AfterAll
    static void stop() {
        TLS.close();
    }

    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DependencyMetrics metrics = new DependencyMetrics();

    /** One probe's result and the dependency's state after it. */
    record Probed(ProbeResult result, DependencyState state) {
        DependencyStatus status() {
            return state.snapshot().status();
        }

        /** Down, as the agent shows a failing dependency: unhealthy, and its circuit opened on the same probe. */
        boolean down() {
            return state.snapshot().down();
        }
    }

    /** Probes {@code port} once (failure-threshold 1: one failure makes the dependency unhealthy). */
    private Probed probe(String name, int port, boolean trustTestCa) {
        metrics.meters = prometheus;
        metrics.names = new MetricNames();
        metrics.names.config = TestConfigs.agent(Map.of());
        // The certificate decides here, never the handshake's speed: a loaded machine may take a second for a first
        // handshake, which with the default latency budget (1 s) would read as degraded ("slow").
        Map<String, String> keys = new java.util.HashMap<>(Map.of("failure-threshold", "1", "timeout", "10s", "latency-budget", "9s"));
        if (trustTestCa) {
            keys.put("tls-ca-file", TLS.caFile());
        }
        var target = TestTargets.target(name, "tls", "tls://localhost:" + port, keys, Clock.systemUTC());
        DependencyState state = new DependencyState(new DependencyState.Settings(name, DependencyType.TLS, false, 1, 1,
                Duration.ofSeconds(30), 2.0, Duration.ofMinutes(5), Duration.ofMinutes(5)), Clock.systemUTC(), metrics::onProbe);
        metrics.register(state, List.of());
        try (Probe probe = ProbeFactory.create(target, new ProbeContext(null))) {
            ProbeResult result = probe.check();
            state.record(result);
            return new Probed(result, state);
        }
    }

    private double expiry(String dependency) {
        return PrometheusText.named(PrometheusText.parse(prometheus.scrape()), "saas_certificate_expiry_seconds").stream()
                // check="" is no label to Prometheus (an empty label value is an absent label)
                .filter(s -> s.labels().equals(Map.of("check", "", "dependency", dependency))).findFirst()
                .orElseThrow(() -> new AssertionError(prometheus.scrape())).value();
    }

    @Test
    void tenDaysLeftIsDegraded() {
        Probed s = probe("soon", soon, true);
        assertThat(s.status()).isEqualTo(DependencyStatus.DEGRADED);
        assertThat(s.result().error()).matches("certificate expires in (9\\.9|10\\.0) d, under 30\\.0 d");
        assertThat(s.result().details()).containsEntry("verified", true).containsEntry("subject", "CN=localhost")
                .containsEntry("issuer", "CN=Agent Test CA");
        assertThat(expiry("soon")).isCloseTo(10 * 86_400.0, within(86_400.0));
    }

    @Test
    void fortyDaysLeftIsHealthy() {
        Probed s = probe("fine", fine, true);
        assertThat(s.status()).isEqualTo(DependencyStatus.HEALTHY);
        assertThat(expiry("fine")).isCloseTo(40 * 86_400.0, within(86_400.0));
    }

    @Test
    void anExpiredCertificateIsUnhealthyAndItsExpiryStillReported() {
        Probed s = probe("expired", expired, true);
        assertThat(s.down()).isTrue();
        assertThat(s.result().error()).startsWith("certificate expired 1").contains("certificate verification failed");
        assertThat(s.result().details()).containsEntry("verified", false);
        assertThat(expiry("expired")).isCloseTo(-10 * 86_400.0, within(86_400.0));
    }

    @Test
    void anotherHostsCertificateFailsVerificationWithItsExpiryReported() {
        Probed s = probe("other", otherName, true);
        assertThat(s.down()).isTrue();
        assertThat(s.result().error()).startsWith("certificate verification failed").contains("localhost");
        assertThat(expiry("other")).isCloseTo(40 * 86_400.0, within(86_400.0));
    }

    @Test
    void aCertificateNotYetValidIsUnhealthy() {
        Probed s = probe("future", future, true);
        assertThat(s.down()).isTrue();
        assertThat(s.result().error()).startsWith("certificate not yet valid (notBefore ");
        assertThat(expiry("future")).isCloseTo(92 * 86_400.0, within(86_400.0));
    }

    @Test
    void theExpiryLimitsAreCheckedAtStart() {
        assertThat(TestConfigs.errors(Map.of("agent.dependencies.api.type", "tls", "agent.dependencies.api.url", "tls://api.example.test",
                "agent.dependencies.api.cert-expiry-warn", "5d"))).extracting(Object::toString)
                .containsExactly("agent.dependencies.api.cert-expiry-warn: must be longer than cert-expiry-critical (PT168H)");
    }

    @Test
    void withoutTheCaFileTheJvmTrustStoreRefusesTheTestCa() {
        Probed s = probe("untrusted", fine, false);
        assertThat(s.down()).isTrue();
        assertThat(s.result().error()).startsWith("certificate verification failed").contains("unable to find valid certification path");
    }

    @Test
    void nothingListeningIsAFailureWithoutAFigure() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Probed s = probe("gone", closed, true);
        assertThat(s.down()).isTrue();
        assertThat(s.result().error()).startsWith("connection refused");
        assertThat(expiry("gone")).isNaN();
    }

}
