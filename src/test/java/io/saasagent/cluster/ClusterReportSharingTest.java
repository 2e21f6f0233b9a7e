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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the holder shares through the fleet's record and how a follower shows it, by the injected clock:
 * a share (a record write) when statuses or reasons change, else every second interval; a follower shows
 * the holder's figures in JSON, exports unknown and NaN, and marks a report older than three intervals stale.
 */
class ClusterReportSharingTest {
    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    static final Duration INTERVAL = Duration.ofSeconds(60);
    final ClusterApi api = new ClusterApi();
    final MutableClock clock = new MutableClock(T0);
    final List<ClusterReport> shared = new ArrayList<>();
    final ClusterResultsShare share = new ClusterResultsShare() {
        @Override
        public void publish(ClusterReport report) {
            shared.add(report);
        }

        @Override
        public Optional<ClusterReport> latest() {
            return shared.isEmpty() ? Optional.empty() : Optional.of(shared.get(shared.size() - 1));
        }
    };

    @AfterEach
    void close() {
        api.close();
    }

    static ClusterResults results() {
        return new ClusterResults(ClusterChecksConfig.parse(Map.of("agent.cluster-checks.interval", INTERVAL.toSeconds() + "s",
                "agent.cluster-checks.api-tls.kind", "certificate", "agent.cluster-checks.api-tls.name", "api-tls")));
    }

    @Test
    void theHolderSharesOnChangeElseEverySecondInterval() {
        ClusterObjectsFixture.certificate(api, "api-tls", "True", T0.plus(Duration.ofDays(60)));
        ClusterObjects objects = new ClusterObjects(api.client());
        ClusterCheckRunner holder = new ClusterCheckRunner(results(), objects, () -> true, () -> "never", share, "agent-1", clock);
        int intervals = 10;
        for (int i = 0; i < intervals; i++) {
            holder.tick();
            clock.advance(INTERVAL);
        }
        System.out.printf("cluster report shares (record writes) over %d unchanged intervals: %d, runs: %d%n",
                intervals, shared.size(), objects.requests());
        assertThat(objects.requests()).as("one run per interval").isEqualTo(intervals);
        assertThat(shared).as("the first run, then every second interval").hasSize(intervals / 2);
        assertThat(shared.get(1).at()).isEqualTo(T0.plus(INTERVAL.multipliedBy(2)));

        // The certificate can no longer be read: the very next run is shared, not a refresh later.
        api.refuse("certificates", "api-tls", 403, "Forbidden", "certificates is forbidden");
        holder.tick();
        assertThat(shared).hasSize(intervals / 2 + 1);
        assertThat(shared.get(shared.size() - 1).results().get("api-tls").status()).isNotEqualTo(DependencyStatus.HEALTHY);
    }

    @Test
    void aGrowingAgeInAReasonIsNoNews() {
        ClusterReport a = report("agent-1", DependencyStatus.UNHEALTHY, "OutOfSync, last sync finished 61m ago");
        assertThat(a.sameSubstance(report("agent-1", DependencyStatus.UNHEALTHY, "OutOfSync, last sync finished 62m ago"))).isTrue();
        assertThat(a.sameSubstance(report("agent-1", DependencyStatus.UNHEALTHY, "Synced, last sync finished 62m ago"))).isFalse();
        assertThat(a.sameSubstance(report("agent-1", DependencyStatus.DEGRADED, "OutOfSync, last sync finished 61m ago"))).isFalse();
        assertThat(a.sameSubstance(report("agent-2", DependencyStatus.UNHEALTHY, "OutOfSync, last sync finished 61m ago"))).isFalse();
    }

    @Test
    void aFollowerShowsTheHoldersReportMarkedWithItsTimeAndStaleAfterThreeIntervals() {
        ClusterObjectsFixture.certificate(api, "api-tls", "True", T0.plus(Duration.ofDays(20)));
        new ClusterCheckRunner(results(), new ClusterObjects(api.client()), () -> true, () -> "never", share, "agent-1", clock).tick();
        ClusterResults mine = results();
        ClusterObjects myApi = new ClusterObjects(api.client());
        ClusterCheckRunner follower = new ClusterCheckRunner(mine, myApi, () -> false, () -> "not the holder", share, "agent-2", clock);
        clock.advance(INTERVAL.multipliedBy(3));
        follower.tick();

        assertThat(myApi.requests()).isZero();
        Map<String, Object> health = ClusterView.health(mine);
        assertThat(health).containsEntry("checked_by", "agent-1").containsEntry("checked_at", T0.toString())
                .containsEntry("shared", true).containsEntry("stale", false).containsEntry("status", "degraded");
        assertThat((String) health.get("note")).startsWith("holder agent-1's report of " + T0);
        // The holder's figures are shown, not exported: the holder's own series fire the alert, once.
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ClusterCheckMetrics.register(meters, s -> MetricNames.name("saas", s), mine);
        assertThat(meters.get("saas_cluster_check_status").tags("check", "api-tls", "status", "unknown").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("saas_cluster_check_status").tags("check", "api-tls", "status", "degraded").gauge().value()).isZero();
        assertThat(meters.get("saas_certificate_expiry_seconds").tags("check", "api-tls").gauge().value()).isNaN();

        clock.advance(Duration.ofSeconds(1));
        follower.tick();
        assertThat(ClusterView.health(mine)).containsEntry("stale", true);
        assertThat((String) ClusterView.health(mine).get("note")).contains("stale, older than 3m");
        assertThat(ClusterView.readiness(mine)).containsEntry("ready", false);
        assertThat(ClusterView.readinessLine(mine)).contains("the holder's report is stale");
    }

    @Test
    void theReportCrossesTheRecordIntact() {
        ClusterObjectsFixture.certificate(api, "api-tls", "True", T0.plus(Duration.ofDays(20)));
        ClusterResults holder = results();
        new ClusterCheckRunner(holder, new ClusterObjects(api.client()), () -> true, () -> "never", share, "agent-1", clock).tick();
        ClusterReport sent = holder.report();
        ClusterReport read = ClusterReportJson.read(ClusterReportJson.write(sent));
        assertThat(read.results()).isEqualTo(sent.results());
        assertThat(read.ranBy()).isEqualTo("agent-1");
        assertThat(read.at()).isEqualTo(T0);
        assertThat(read.measured()).isTrue();
        assertThat(ClusterReportJson.read(null)).isNull();
        assertThat(ClusterReportJson.read(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("at", "yesterday"))).isNull();
    }

    private static ClusterReport report(String by, DependencyStatus status, String reason) {
        return new ClusterReport(true, by, T0, Map.of("argo", new CheckResult(status, null, "o", reason, null, null, Map.of(), T0)), "");
    }
}
