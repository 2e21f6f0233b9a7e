package io.saasagent.config;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigValidatorTest {

    private static Map<String, String> redis() {
        Map<String, String> p = new HashMap<>();
        p.put("agent.dependencies.redis.type", "redis");
        p.put("agent.dependencies.redis.url", "redis://127.0.0.1:6379");
        return p;
    }

    @Test
    void defaultsAndAGoodDependencyAreValid() {
        AgentConfig config = TestConfigs.agent(redis());
        assertThat(ConfigValidator.validate(config)).isEmpty();
        DependencyConfig redis = config.dependencies().get("redis");
        assertThat(redis.failureThreshold()).isEqualTo(3);
        assertThat(redis.successThreshold()).isEqualTo(2);
        assertThat(redis.circuit().openDuration()).hasSeconds(30);
        assertThat(config.failover().mode()).isEqualTo("dry-run");
        assertThat(config.failover().rules()).containsKeys("health_check_failure", "error_rate_spike",
                "latency_degradation", "nats_cluster_down", "mirror_lag");
        assertThat(config.failover().rules().get("health_check_failure").action()).isEqualTo("dns_failover");
    }

    @Test
    void negativeIntervalNamesTheKey() {
        Map<String, String> p = redis();
        p.put("agent.dependencies.redis.interval", "-5s");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::toString)
                .containsExactly("agent.dependencies.redis.interval: must be positive, got PT-5S");
    }

    @Test
    void unknownTypeNamesTheKeyAndTheChoices() {
        Map<String, String> p = redis();
        p.put("agent.dependencies.redis.type", "mongo");
        List<ConfigError> errors = TestConfigs.errors(p);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).key()).isEqualTo("agent.dependencies.redis.type");
        assertThat(errors.get(0).problem()).contains("unknown type 'mongo'").contains("nats, redis, postgres, openmeter, http, tcp");
    }

    @Test
    void malformedUrlNamesTheKeyWithoutEchoingIt() {
        Map<String, String> p = redis();
        p.put("agent.dependencies.redis.url", "redis://user:s3cr3t-canary@bad host:6379");
        List<ConfigError> errors = TestConfigs.errors(p);
        assertThat(errors).extracting(ConfigError::key).containsExactly("agent.dependencies.redis.url");
        assertThat(errors.get(0).toString()).contains("malformed URL").doesNotContain("s3cr3t-canary");
    }

    @Test
    void urlSchemeMustFitTheType() {
        Map<String, String> p = redis();
        p.put("agent.dependencies.redis.url", "http://127.0.0.1:6379");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::toString)
                .containsExactly("agent.dependencies.redis.url: scheme 'http' does not fit this type, expected redis or rediss");
    }

    @Test
    void thresholdsTimeoutAndMissingSecretFileAreReported() {
        Map<String, String> p = redis();
        p.put("agent.dependencies.redis.failure-threshold", "0");
        p.put("agent.dependencies.redis.timeout", "20s");
        p.put("agent.dependencies.redis.password-file", "/nonexistent/secret");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::key).containsExactlyInAnyOrder(
                "agent.dependencies.redis.failure-threshold",
                "agent.dependencies.redis.timeout",
                "agent.dependencies.redis.password-file");
    }

    @Test
    void failoverModeProviderAndActiveRequirements() {
        Map<String, String> p = redis();
        p.put("agent.failover.mode", "yolo");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::key).containsExactly("agent.failover.mode");

        p.put("agent.failover.mode", "passive");
        assertThat(TestConfigs.errors(p)).as("passive flips only behind the DR guard")
                .extracting(ConfigError::key).containsExactly("agent.failover.dr-dependency");

        p.put("agent.failover.mode", "active");
        p.put("agent.failover.provider", "rfc2136");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::key).containsExactlyInAnyOrder(
                "agent.failover.record", "agent.failover.primary-target", "agent.failover.dr-target",
                "agent.failover.dr-dependency", "agent.failover.rfc2136.zone", "agent.failover.rfc2136.tsig-key-name", "agent.failover.rfc2136.tsig-secret");
    }

    @Test
    void reservedAndMalformedDependencyNames() {
        Map<String, String> p = new HashMap<>();
        p.put("agent.dependencies.status.type", "tcp");
        p.put("agent.dependencies.status.url", "tcp://127.0.0.1:1");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::problem).singleElement().asString().contains("reserved");
    }

    @Test
    void ruleNamingAnUnknownDependency() {
        Map<String, String> p = redis();
        p.put("agent.failover.rules.health_check_failure.dependencies", "redis,ghost");
        p.put("agent.failover.dr-dependency", "dr-api");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                "agent.failover.rules.health_check_failure.dependencies: names no configured dependency 'ghost'",
                "agent.failover.dr-dependency: names no configured dependency 'dr-api'");
    }

    @Test
    void failoverRuleThresholdsAndSamplesAreChecked() {
        Map<String, String> p = redis();
        p.put("agent.failover.rules.error_rate_spike.threshold", "50");
        p.put("agent.failover.rules.nats_cluster_down.threshold", "3");
        p.put("agent.failover.rules.latency_degradation.min-samples", "0");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                "agent.failover.rules.error_rate_spike.threshold: is a fraction for error_rate (0.5 = 50%), got 50.0",
                "agent.failover.rules.nats_cluster_down.threshold: is a fraction for all_unreachable (0.5 = 50%), got 3.0",
                "agent.failover.rules.latency_degradation.min-samples: must be at least 1, got 0");
    }

    @Test
    void probeThresholdsHaveTheRunbookDefaults() {
        AgentConfig config = TestConfigs.agent(redis());
        DependencyConfig redis = config.dependencies().get("redis");
        assertThat(redis.memoryWarnRatio()).isEqualTo(0.9);
        assertThat(redis.clientsWarnRatio()).isEqualTo(0.9);
        assertThat(redis.backendsWarnRatio()).isEqualTo(0.8);
        assertThat(redis.transactionAgeWarn()).hasMinutes(5);
        assertThat(redis.replicationLagWarn()).hasMinutes(1);
        assertThat(redis.archiveLagWarn()).hasMinutes(5);
        assertThat(redis.mirrorLagWarn()).isEmpty();
        io.saasagent.probe.Thresholds thresholds = io.saasagent.probe.Thresholds.of(redis, config.failover());
        assertThat(thresholds.mirrorLagWarn()).as("defaults to agent.failover.rpo-warn").hasMinutes(3);
        assertThat(thresholds.rpoObjective()).hasMinutes(5);
    }

    @Test
    void badProbeThresholdsNameTheirKeys() {
        Map<String, String> p = redis();
        p.put("agent.dependencies.redis.memory-warn-ratio", "1.5");
        p.put("agent.dependencies.redis.backends-warn-ratio", "0");
        p.put("agent.dependencies.redis.transaction-age-warn", "-1s");
        p.put("agent.dependencies.redis.archive-lag-warn", "0s");
        p.put("agent.dependencies.redis.mirror-lag-warn", "10m");
        p.put("agent.failover.rpo-warn", "6m");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                "agent.dependencies.redis.memory-warn-ratio: must be a ratio above 0 and at most 1, got 1.5",
                "agent.dependencies.redis.backends-warn-ratio: must be a ratio above 0 and at most 1, got 0.0",
                "agent.dependencies.redis.transaction-age-warn: must be positive, got PT-1S",
                "agent.dependencies.redis.archive-lag-warn: must be positive, got PT0S",
                "agent.dependencies.redis.mirror-lag-warn: must not exceed agent.failover.rpo-objective (PT5M)",
                "agent.failover.rpo-warn: must not exceed rpo-objective (PT5M)");
    }

    @Test
    void statuspageKeysAreCheckedWhenConfigured() {
        Map<String, String> p = redis();
        p.put("agent.statuspage.page-id", "kctbh9vrtdwd");
        p.put("agent.statuspage.api-key", "a1b2c3d4e5f6");
        p.put("agent.statuspage.component-id", "8kbf7d35c070");
        assertThat(TestConfigs.errors(p)).isEmpty();
        assertThat(TestConfigs.agent(p).statuspage().apiUrl()).isEqualTo("https://api.statuspage.io/v1");
        assertThat(TestConfigs.agent(p).statuspage().updateInterval()).hasMinutes(5);

        p.remove("agent.statuspage.api-key");
        p.put("agent.statuspage.api-url", "statuspage");
        p.put("agent.statuspage.update-interval", "0s");
        p.put("agent.statuspage.templates", "/nonexistent/statuspage-texts");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                "agent.statuspage.page-id: is set without an API key (agent.statuspage.api-key from an env var, or agent.statuspage.api-key-file)",
                "agent.statuspage.api-url: malformed URL: expected scheme://host[:port] with scheme http or https",
                "agent.statuspage.update-interval: must be positive, got PT0S",
                "agent.statuspage.templates: directory /nonexistent/statuspage-texts does not exist");

        Map<String, String> keyOnly = redis();
        keyOnly.put("agent.statuspage.api-key-file", "/nonexistent/statuspage-key");
        assertThat(TestConfigs.errors(keyOnly)).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                "agent.statuspage.api-key-file: file /nonexistent/statuspage-key does not exist",
                "agent.statuspage.page-id: is required when agent.statuspage.* is configured (the page's id, like kctbh9vrtdwd)");
    }
}
