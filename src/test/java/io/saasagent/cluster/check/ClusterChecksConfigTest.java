package io.saasagent.cluster.check;

import io.saasagent.config.ConfigError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** agent.cluster-checks.*: defaults, and one error naming the key for every bad value. */
class ClusterChecksConfigTest {

    @Test
    void defaultsAreTheRunbooks() {
        ClusterChecksConfig.Parsed p = ClusterChecksConfig.parse(Map.of(
                "agent.cluster-checks.backups.kind", "backup-cronjob",
                "agent.cluster-checks.backups.name", "nats-backup",
                "agent.cluster-checks.tls.kind", "certificate",
                "agent.cluster-checks.tls.name", "api-tls",
                "agent.dependencies.redis.type", "redis"));
        assertThat(p.errors()).isEmpty();
        assertThat(p.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.checks()).extracting(ClusterCheck::objective).containsExactly(
                "last success within 25h (warn) / 2d (critical); success rate >= 99% (warn) / 95% (critical)",
                "Ready, expiring in more than 30d (warn) / 7d (critical)");
    }

    @Test
    void objectivesAreTheKindsOwnKeys() {
        ClusterChecksConfig.Parsed p = ClusterChecksConfig.parse(Map.of(
                "agent.cluster-checks.interval", "2m",
                "agent.cluster-checks.secrets.kind", "external-secret",
                "agent.cluster-checks.secrets.name", "api-secrets",
                "agent.cluster-checks.secrets.namespace", "saas",
                "agent.cluster-checks.secrets.warn-age", "15m",
                "agent.cluster-checks.secrets.critical-age", "2h"));
        assertThat(p.errors()).isEmpty();
        assertThat(p.interval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.checks().get(0).objective()).isEqualTo("Ready, refreshed within 15m (warn) / 2h (critical)");
        assertThat(p.checks().get(0).spec().object("agents")).isEqualTo("saas/api-secrets");
    }

    @Test
    void everyBadValueIsOneLineNamingItsKey() {
        ClusterChecksConfig.Parsed p = ClusterChecksConfig.parse(properties(
                "agent.cluster-checks.interval", "soon",
                "agent.cluster-checks.a.kind", "helm-release",
                "agent.cluster-checks.a.name", "x",
                "agent.cluster-checks.b.kind", "velero-schedule",
                "agent.cluster-checks.c.kind", "backup-cronjob",
                "agent.cluster-checks.c.name", "pg",
                "agent.cluster-checks.c.success-warn", "99",
                "agent.cluster-checks.c.warn-age", "3d",
                "agent.cluster-checks.d.kind", "certificate",
                "agent.cluster-checks.d.name", "api",
                "agent.cluster-checks.d.max-age", "1h"));
        assertThat(p.errors()).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                "agent.cluster-checks.interval: must be a positive duration (like 60s), got 'soon'",
                "agent.cluster-checks.a.kind: unknown kind 'helm-release', expected one of external-secret, argocd-application, "
                        + "backup-cronjob, velero-schedule, certificate, object-store",
                "agent.cluster-checks.b.name: is required: the name of the object to check",
                "agent.cluster-checks.c.warn-age: must be shorter than critical-age (2d)",
                "agent.cluster-checks.c.success-warn: must be a ratio above 0 and at most 1 (0.99 = 99%), got '99'",
                "agent.cluster-checks.d.max-age: unknown key for kind certificate, expected one of kind, namespace, name, "
                        + "cert-expiry-critical, cert-expiry-warn");
        assertThat(p.checks()).hasSize(2);
    }

    @Test
    void theAgentsConfigMappingCarriesTheKeysThrough() {
        var mapped = io.saasagent.config.TestConfigs.valid(properties(
                "agent.cluster-checks.interval", "90s",
                "agent.cluster-checks.api-tls.kind", "certificate",
                "agent.cluster-checks.api-tls.name", "api-tls",
                "agent.cluster-checks.api-tls.cert-expiry-warn", "21d"));
        ClusterChecksConfig.Parsed p = ClusterChecksConfig.parse(ClusterChecksConfig.properties(mapped.clusterChecks()));
        assertThat(p.errors()).isEmpty();
        assertThat(p.interval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.checks()).singleElement().satisfies(c -> assertThat(c.objective()).contains("21d (warn)"));
    }

    static Map<String, String> properties(String... keyValues) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
