package io.saasagent.cluster;

import io.saasagent.cluster.check.CheckResult;
import io.saasagent.cluster.check.ClusterApi;
import io.saasagent.cluster.check.ClusterCheck;
import io.saasagent.cluster.check.ClusterChecksConfig;
import io.saasagent.cluster.check.ClusterObjects;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saasagent.metrics.ClusterCheckMetrics;
import io.saasagent.metrics.MetricNames;
import io.saasagent.state.DependencyStatus;
import io.saasagent.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every kind against the fabric8 mock API in CRUD mode holding objects in their operators' shapes, in
 * healthy, stale, failing and missing states; ages by an injected clock. Also: a type the API does not
 * serve and a forbidden one are unknown with the reason, and the metrics read the same report.
 */
class ClusterChecksTest {
    static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    static ClusterApi api;
    static ClusterResults results;
    static final MutableClock CLOCK = new MutableClock(NOW);
    static ClusterObjects objects;

    @BeforeAll
    static void cluster() {
        api = new ClusterApi();
        ClusterObjectsFixture.populate(api, NOW);
        Map<String, String> p = new LinkedHashMap<>();
        check(p, "es-healthy", "external-secret", "api-secrets");
        check(p, "es-lagging", "external-secret", "lagging-secrets");
        check(p, "es-stale", "external-secret", "stale-secrets");
        check(p, "es-failing", "external-secret", "failing-secrets");
        check(p, "es-missing", "external-secret", "no-such-secret");
        check(p, "app-synced", "argocd-application", "saas");
        check(p, "app-drift", "argocd-application", "saas-drift");
        check(p, "app-stale", "argocd-application", "saas-stale");
        check(p, "backup-ok", "backup-cronjob", "nats-backup");
        check(p, "backup-stale", "backup-cronjob", "pg-backup");
        check(p, "backup-suspended", "backup-cronjob", "old-backup");
        check(p, "velero-ok", "velero-schedule", "daily");
        check(p, "velero-invalid", "velero-schedule", "broken");
        check(p, "velero-absent", "velero-schedule", "missing-crd");
        check(p, "cert-ok", "certificate", "api-tls");
        check(p, "cert-soon", "certificate", "soon-tls");
        check(p, "cert-critical", "certificate", "critical-tls");
        check(p, "cert-expired", "certificate", "expired-tls");
        check(p, "cert-forbidden", "certificate", "forbidden-tls");
        ClusterChecksConfig.Parsed parsed = ClusterChecksConfig.parse(p);
        assertThat(parsed.errors()).isEmpty();
        results = new ClusterResults(parsed);
        objects = new ClusterObjects(api.client());
        new ClusterCheckRunner(results, objects, () -> true, () -> "never", ClusterResultsShare.NONE, "agent-0", CLOCK).tick();
    }

    private static void check(Map<String, String> p, String check, String kind, String object) {
        p.put("agent.cluster-checks." + check + ".kind", kind);
        p.put("agent.cluster-checks." + check + ".namespace", ClusterApi.NAMESPACE);
        p.put("agent.cluster-checks." + check + ".name", object);
    }

    @AfterAll
    static void close() {
        api.close();
    }

    static CheckResult result(String check) {
        return results.report().results().get(check);
    }

    @Test
    void externalSecretsByReadyAndRefreshAge() {
        assertThat(result("es-healthy").status()).isEqualTo(DependencyStatus.HEALTHY);
        assertThat(result("es-healthy").age()).isEqualTo(Duration.ofMinutes(2));
        assertThat(result("es-lagging").status()).isEqualTo(DependencyStatus.DEGRADED);
        assertThat(result("es-lagging").reason()).contains("refreshed 7m ago, over 5m");
        assertThat(result("es-stale").status()).isEqualTo(DependencyStatus.UNHEALTHY);
        assertThat(result("es-stale").age()).isEqualTo(Duration.ofMinutes(12));
        assertThat(result("es-failing").status()).isEqualTo(DependencyStatus.UNHEALTHY);
        assertThat(result("es-failing").reason()).contains("not Ready: False (SecretSyncedError)").contains("could not get secret data");
        assertThat(result("es-missing").status()).isEqualTo(DependencyStatus.UNHEALTHY);
        assertThat(result("es-missing").reason()).isEqualTo("ExternalSecret saas/no-such-secret not found");
    }

    @Test
    void argoApplicationsBySyncHealthAndRpo() {
        assertThat(result("app-synced").status()).isEqualTo(DependencyStatus.HEALTHY);
        assertThat(result("app-synced").age()).isEqualTo(Duration.ofDays(3));
        assertThat(result("app-drift").status()).isEqualTo(DependencyStatus.DEGRADED);
        assertThat(result("app-drift").reason()).contains("sync OutOfSync, health Healthy");
        assertThat(result("app-stale").status()).isEqualTo(DependencyStatus.UNHEALTHY);
        assertThat(result("app-stale").reason()).contains("health Degraded").contains("over the RPO 1h");
    }

    @Test
    void backupCronJobsByLastSuccessSuccessRateAndSuspension() {
        CheckResult ok = result("backup-ok");
        assertThat(ok.status()).isEqualTo(DependencyStatus.HEALTHY);
        assertThat(ok.age()).isEqualTo(Duration.ofHours(3));
        assertThat(ok.successRatio()).isEqualTo(1.0);
        CheckResult stale = result("backup-stale");
        assertThat(stale.status()).isEqualTo(DependencyStatus.UNHEALTHY);
        assertThat(stale.reason()).contains("last success 30h ago, over 25h").contains("success rate 66.7% (2 of 3 kept Jobs) under 95%");
        assertThat(stale.successRatio()).isCloseTo(2 / 3.0, within(1e-9));
        CheckResult suspended = result("backup-suspended");
        assertThat(suspended.status()).isEqualTo(DependencyStatus.UNHEALTHY);
        assertThat(suspended.reason()).startsWith("suspended").contains("over 2d");
        assertThat(suspended.successRatio()).as("no Job of its own kept").isNull();
    }

    @Test
    void veleroSchedulesByPhaseAndLastBackup() {
        assertThat(result("velero-ok").status()).isEqualTo(DependencyStatus.HEALTHY);
        assertThat(result("velero-ok").age()).isEqualTo(Duration.ofHours(5));
        assertThat(result("velero-invalid").status()).isEqualTo(DependencyStatus.UNHEALTHY);
        assertThat(result("velero-invalid").reason()).contains("FailedValidation").contains("invalid schedule");
    }

    @Test
    void certificatesByReadyAndTimeLeft() {
        assertThat(result("cert-ok").status()).isEqualTo(DependencyStatus.HEALTHY);
        assertThat(result("cert-ok").expiresIn()).isEqualTo(Duration.ofDays(60));
        assertThat(result("cert-soon").status()).isEqualTo(DependencyStatus.DEGRADED);
        assertThat(result("cert-critical").status()).isEqualTo(DependencyStatus.UNHEALTHY);
        assertThat(result("cert-critical").reason()).contains("expires in 3.0 d, under 7.0 d");
        assertThat(result("cert-expired").status()).isEqualTo(DependencyStatus.UNHEALTHY);
        assertThat(result("cert-expired").reason()).contains("not Ready").contains("certificate expired 1.0 d ago");
        assertThat(result("cert-expired").expiresIn()).isEqualTo(Duration.ofDays(-1));
    }

    @Test
    void anAbsentOrForbiddenTypeIsUnknownWithTheReason() {
        assertThat(result("velero-absent").status()).isEqualTo(DependencyStatus.UNKNOWN);
        assertThat(result("velero-absent").reason()).isEqualTo("schedules.velero.io is not served by the API (CRD not installed?)");
        assertThat(result("cert-forbidden").status()).isEqualTo(DependencyStatus.UNKNOWN);
        assertThat(result("cert-forbidden").reason()).startsWith("forbidden: the agent may not list certificates.cert-manager.io");
    }

    @Test
    void oneRunSendsExactlyTheRequestsTheChecksDeclare() {
        int declared = results.checks().stream().mapToInt(ClusterCheck::requests).sum();
        assertThat(objects.requests()).isEqualTo(declared).isEqualTo(results.checks().size() + 3);
    }

    @Test
    void metricsReadTheReportNaNWhereNothingWasMeasured() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ClusterCheckMetrics.register(meters, s -> MetricNames.name("saas", s), results);
        assertThat(gauge(meters, "saas_cluster_check_status", "check", "es-stale", "status", "unhealthy")).isEqualTo(1.0);
        assertThat(gauge(meters, "saas_cluster_check_status", "check", "es-stale", "status", "healthy")).isEqualTo(0.0);
        assertThat(gauge(meters, "saas_cluster_check_age_seconds", "check", "es-stale")).isEqualTo(720.0);
        assertThat(gauge(meters, "saas_cluster_check_age_seconds", "check", "velero-absent")).isNaN();
        assertThat(gauge(meters, "saas_backup_success_ratio", "check", "backup-stale")).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(gauge(meters, "saas_backup_success_ratio", "check", "backup-suspended")).isNaN();
        assertThat(gauge(meters, "saas_certificate_expiry_seconds", "check", "cert-soon")).isEqualTo(20 * 86_400.0);
        assertThat(gauge(meters, "saas_certificate_expiry_seconds", "check", "cert-forbidden")).isNaN();
    }

    @Test
    void healthAndReadinessViewsNameEveryProblem() {
        Map<String, Object> health = ClusterView.health(results);
        assertThat(health).containsEntry("status", "unhealthy").containsEntry("measured", true).containsEntry("checked_by", "agent-0");
        @SuppressWarnings("unchecked")
        Map<String, Object> stale = (Map<String, Object>) ((Map<String, Object>) health.get("checks")).get("es-stale");
        assertThat(stale).containsEntry("kind", "external-secret").containsEntry("object", "saas/stale-secrets")
                .containsEntry("status", "unhealthy").containsEntry("age_seconds", 720.0)
                .containsEntry("objective", "Ready, refreshed within 5m (warn) / 10m (critical)");
        Map<String, Object> readiness = ClusterView.readiness(results);
        assertThat(readiness).containsEntry("ready", false);
        assertThat(ClusterView.readinessLine(results)).startsWith("not ready: app-drift degraded: sync OutOfSync")
                .contains("; es-stale unhealthy: refreshed 12m ago, over 10m;").doesNotContain("es-healthy");
        assertThat((List<?>) readiness.get("not_ready")).hasSize(14).anySatisfy(s -> assertThat(s.toString()).startsWith("es-stale unhealthy: refreshed 12m ago"));
    }

    static double gauge(SimpleMeterRegistry meters, String name, String... tags) {
        return meters.get(name).tags(tags).gauge().value();
    }
}
