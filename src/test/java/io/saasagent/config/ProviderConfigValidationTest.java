package io.saasagent.config;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** agent.failover.route53.*, agent.failover.cloudflare.* and agent.notify.*: defaults, and one line per bad key. */
class ProviderConfigValidationTest {

    @Test
    void defaults() {
        AgentConfig c = TestConfigs.agent(Map.of());
        assertThat(ConfigValidator.validate(c)).isEmpty();
        assertThat(c.failover().route53().region()).isEqualTo("us-east-1");
        assertThat(c.failover().route53().insyncTimeout()).hasMinutes(5);
        assertThat(c.failover().route53().insyncPollInterval()).hasSeconds(5);
        assertThat(c.failover().route53().maxAttempts()).isEqualTo(5);
        assertThat(c.failover().route53().evaluateTargetHealth()).isTrue();
        assertThat(c.failover().cloudflare().apiUrl()).isEqualTo("https://api.cloudflare.com/client/v4");
        assertThat(c.notifications().pagerduty().url()).isEqualTo("https://events.pagerduty.com/v2/enqueue");
        assertThat(c.notifications().maxAttempts()).isEqualTo(100);
        assertThat(c.notifications().maxAge()).hasMinutes(10);
        assertThat(c.failover().requestTtl()).hasMinutes(5);
        assertThat(c.failover().verifyInterval()).hasSeconds(30);
        assertThat(c.failover().stateFile()).isEmpty();
        assertThat(c.coordination().recordName()).isEqualTo("saas-agent-failover-record");
        assertThat(c.notifications().retryBackoff()).hasSeconds(2);
        assertThat(c.notifications().timeout()).hasSeconds(10);
    }

    @Test
    void route53ValuesAreChecked() {
        Map<String, String> p = new HashMap<>();
        p.put("agent.failover.route53.hosted-zone-id", "not a zone");
        p.put("agent.failover.route53.region", "Mars");
        p.put("agent.failover.route53.endpoint", "ftp://127.0.0.1:1");
        p.put("agent.failover.route53.access-key-id", "AKIAIOSFODNN7EXAMPLE");
        p.put("agent.failover.route53.primary-set-identifier", "primary");
        p.put("agent.failover.route53.insync-timeout", "0s");
        p.put("agent.failover.route53.max-attempts", "0");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                "agent.failover.route53.hosted-zone-id: 'not a zone' is not a hosted zone id (like Z1D633PJN98FT9)",
                "agent.failover.route53.region: 'Mars' is not an AWS region (like us-east-1)",
                "agent.failover.route53.endpoint: scheme 'ftp' does not fit this type, expected http or https",
                "agent.failover.route53.secret-access-key: is required with access-key-id (or set neither to use the default credentials chain)",
                "agent.failover.route53.dr-set-identifier: weighted records need both primary-set-identifier and dr-set-identifier",
                "agent.failover.route53.insync-timeout: must be positive, got PT0S",
                "agent.failover.route53.max-attempts: must be at least 1, got 0");
    }

    @Test
    void goodRoute53AndCloudflareValuesPass() {
        Map<String, String> p = new HashMap<>();
        p.put("agent.failover.route53.hosted-zone-id", "/hostedzone/Z0413573E2UGVTRX8JOB");
        p.put("agent.failover.route53.alias-hosted-zone-id", "Z35SXDOTRQ7X7K");
        p.put("agent.failover.route53.region", "aws-global");
        p.put("agent.failover.route53.endpoint", "https://route53.amazonaws.com");
        p.put("agent.failover.route53.primary-set-identifier", "primary");
        p.put("agent.failover.route53.dr-set-identifier", "dr");
        p.put("agent.failover.cloudflare.api-url", "http://127.0.0.1:8089/client/v4");
        assertThat(TestConfigs.errors(p)).isEmpty();
    }

    @Test
    void cloudflareAndNotifyValuesAreChecked() {
        Map<String, String> p = new HashMap<>();
        p.put("agent.failover.cloudflare.api-url", "api.cloudflare.com");
        p.put("agent.failover.cloudflare.api-token-file", "/nonexistent/cf-token");
        p.put("agent.notify.slack.webhook-url", "hooks.slack.com/services/x");
        p.put("agent.notify.pagerduty.routing-key-file", "/nonexistent/pd-key");
        p.put("agent.notify.max-attempts", "0");
        List<ConfigError> errors = TestConfigs.errors(p);
        assertThat(errors).extracting(ConfigError::key).containsExactlyInAnyOrder(
                "agent.failover.cloudflare.api-url", "agent.failover.cloudflare.api-token-file",
                "agent.notify.slack.webhook-url", "agent.notify.pagerduty.routing-key-file", "agent.notify.max-attempts");
        // A webhook URL is a secret: the error names the key, never the value.
        assertThat(errors).extracting(ConfigError::toString).noneMatch(e -> e.contains("hooks.slack.com/services/x"));
    }

    @Test
    void activeRoute53NeedsItsZone() {
        Map<String, String> p = new HashMap<>();
        p.put("agent.failover.mode", "active");
        p.put("agent.failover.provider", "route53");
        p.put("agent.failover.record", "api.example.test.");
        p.put("agent.failover.primary-target", "192.0.2.10");
        p.put("agent.failover.dr-target", "198.51.100.10");
        p.put("agent.dependencies.dr-api.type", "http");
        p.put("agent.dependencies.dr-api.url", "https://dr.example.test/health");
        p.put("agent.failover.dr-dependency", "dr-api");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::toString).containsExactly("agent.failover.route53.hosted-zone-id: is required in active mode");
    }
}
