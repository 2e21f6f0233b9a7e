package io.saasagent.cluster;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saasagent.cluster.check.CheckResult;
import io.saasagent.cluster.check.ClusterApi;
import io.saasagent.cluster.check.ClusterChecksConfig;
import io.saasagent.cluster.check.ClusterObjects;
import io.saasagent.metrics.ClusterCheckMetrics;
import io.saasagent.metrics.MetricNames;
import io.saasagent.state.DependencyStatus;
import io.saasagent.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Who runs the checks and when, by the injected clock: the holder once per interval, a follower never. */
class ClusterCheckRunnerTest {
    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    final ClusterApi api = new ClusterApi();
    final MutableClock clock = new MutableClock(T0);
    final AtomicBoolean leading = new AtomicBoolean();
    final ClusterResults results = new ClusterResults(ClusterChecksConfig.parse(Map.of(
            "agent.cluster-checks.interval", "60s",
            "agent.cluster-checks.api-tls.kind", "certificate",
            "agent.cluster-checks.api-tls.name", "api-tls")));
    final ClusterObjects objects = new ClusterObjects(api.client());

    @AfterEach
    void close() {
        api.close();
    }

    ClusterCheckRunner runner(ClusterResultsShare share) {
        return new ClusterCheckRunner(results, objects, leading::get, () -> "not the holder (held by agent-3)", share, "agent-1", clock);
    }

    @Test
    void aFollowerSaysNotTheHolderAndSendsNothing() {
        ClusterObjectsFixture.certificate(api, "api-tls", "True", T0.plus(Duration.ofDays(60)));
        ClusterCheckRunner runner = runner(ClusterResultsShare.NONE);
        int before = api.requestCount();
        for (int i = 0; i < 5; i++) {
            runner.tick();
            clock.advance(Duration.ofSeconds(60));
        }
        assertThat(api.requestCount()).isEqualTo(before);
        assertThat(objects.requests()).isZero();
        CheckResult r = results.report().results().get("api-tls");
        assertThat(r.status()).isEqualTo(DependencyStatus.UNKNOWN);
        assertThat(r.reason()).isEqualTo("not the holder (held by agent-3)");
        assertThat(ClusterView.health(results)).containsEntry("status", "unknown").containsEntry("measured", false);
        // Metrics: the status says unknown, the figures are NaN (no alert fires from a follower).
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ClusterCheckMetrics.register(meters, s -> MetricNames.name("saas", s), results);
        assertThat(meters.get("saas_cluster_check_status").tags("check", "api-tls", "status", "unknown").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("saas_cluster_check_status").tags("check", "api-tls", "status", "unhealthy").gauge().value()).isZero();
        assertThat(meters.get("saas_certificate_expiry_seconds").tags("check", "api-tls").gauge().value()).isNaN();
        assertThat(meters.get("saas_cluster_check_age_seconds").tags("check", "api-tls").gauge().value()).isNaN();
    }

    @Test
    void theHolderRunsOncePerIntervalAndAtOnceOnTakingOver() {
        ClusterObjectsFixture.certificate(api, "api-tls", "True", T0.plus(Duration.ofDays(60)));
        ClusterCheckRunner runner = runner(ClusterResultsShare.NONE);
        leading.set(true);
        runner.tick();
        assertThat(objects.requests()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(59));
        runner.tick();
        assertThat(objects.requests()).as("within the interval").isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        runner.tick();
        assertThat(objects.requests()).isEqualTo(2);
        assertThat(results.report().results().get("api-tls").expiresIn()).isEqualTo(Duration.ofDays(60).minusSeconds(60));
        leading.set(false);
        runner.tick();
        clock.advance(Duration.ofSeconds(1));
        leading.set(true);
        runner.tick();
        assertThat(objects.requests()).as("a new holder does not wait an interval").isEqualTo(3);
        assertThat(results.report().ranBy()).isEqualTo("agent-1");
    }

    @Test
    void aFollowerShowsTheHoldersSharedReport() {
        AtomicReference<ClusterReport> shared = new AtomicReference<>();
        ClusterResultsShare share = new ClusterResultsShare() {
            @Override
            public void publish(ClusterReport report) {
                shared.set(report);
            }

            @Override
            public Optional<ClusterReport> latest() {
                return Optional.ofNullable(shared.get());
            }
        };
        ClusterObjectsFixture.certificate(api, "api-tls", "True", T0.plus(Duration.ofDays(20)));
        leading.set(true);
        ClusterCheckRunner holder = runner(share);
        holder.tick();
        ClusterResults followerResults = new ClusterResults(ClusterChecksConfig.parse(Map.of(
                "agent.cluster-checks.api-tls.kind", "certificate", "agent.cluster-checks.api-tls.name", "api-tls")));
        ClusterObjects followerApi = new ClusterObjects(api.client());
        new ClusterCheckRunner(followerResults, followerApi, () -> false, () -> "not the holder", share, "agent-2", clock).tick();
        assertThat(followerApi.requests()).isZero();
        assertThat(followerResults.report().ranBy()).isEqualTo("agent-1");
        assertThat(followerResults.report().results().get("api-tls").status()).isEqualTo(DependencyStatus.DEGRADED);
    }
}
