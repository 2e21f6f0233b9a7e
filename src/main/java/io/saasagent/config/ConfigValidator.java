package io.saasagent.config;

import io.saasagent.probe.DependencyType;
import io.saasagent.support.TlsTrust;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the whole configuration before anything starts and names every bad key. Pure: it reads
 * the mapping and the secret files' existence, nothing else, so it is tested without Quarkus.
 */
public final class ConfigValidator {
    public static final Set<String> MODES = Set.of("dry-run", "passive", "active");
    public static final Set<String> PROVIDERS = Set.of("rfc2136", "route53", "cloudflare");
    public static final Set<String> SIGNALS = Set.of("consecutive_failures", "error_rate", "latency_p99", "all_unreachable", "mirror_lag");
    public static final Set<String> ACTIONS = Set.of("dns_failover", "alert");
    public static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");
    public static final Set<String> COORDINATION_MODES = Set.of("auto", "kubernetes", "none");
    /** Names that would collide with the top-level keys of /health/saas. */
    private static final Set<String> RESERVED_NAMES = Set.of("status", "failover");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?");
    /** A bare id, or the /hostedzone/ path the API answers with. */
    private static final Pattern HOSTED_ZONE_ID = Pattern.compile("(/hostedzone/)?[A-Z0-9]{1,32}");
    private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+(-\\d+)?");
    private static final Pattern METRIC_PREFIX = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final List<ConfigError> errors = new ArrayList<>();

    private ConfigValidator() {
    }

    public static List<ConfigError> validate(AgentConfig config) {
        ConfigValidator v = new ConfigValidator();
        v.dependencies(config.dependencies(), config.failover().rpoObjective());
        v.metrics(config.metrics());
        v.failover(config.failover(), config.dependencies());
        v.notifications(config.notifications());
        v.secretFile("agent.admin.token-file", config.admin().tokenFile());
        v.coordination(config.coordination());
        return List.copyOf(v.errors);
    }

    private void coordination(AgentConfig.Coordination c) {
        oneOf("agent.coordination.mode", c.mode(), COORDINATION_MODES);
        positive("agent.coordination.lease-duration", c.leaseDuration());
        positive("agent.coordination.renew-deadline", c.renewDeadline());
        positive("agent.coordination.retry-period", c.retryPeriod());
        positive("agent.coordination.candidate-retry-period", c.candidateRetryPeriod());
        positive("agent.coordination.verdict-max-age", c.verdictMaxAge());
        if (c.eventMinInterval().isNegative()) {
            error("agent.coordination.event-min-interval", "must not be negative");
        }
        if (c.renewDeadline().compareTo(c.leaseDuration()) >= 0) {
            error("agent.coordination.renew-deadline", "must be shorter than lease-duration");
        }
        // fabric8's elector refuses renew-deadline <= retry-period x (1 + its jitter factor 1.2).
        if (c.retryPeriod().multipliedBy(22).dividedBy(10).compareTo(c.renewDeadline()) >= 0) {
            error("agent.coordination.retry-period", "must be less than renew-deadline / 2.2 (" + c.renewDeadline()
                    + "), or the holder cannot renew in time");
        }
        if (c.peerSelector().isBlank()) {
            error("agent.coordination.peer-selector", "must not be blank: it finds the peer agents' pods");
        }
    }

    private void dependencies(Map<String, AgentConfig.DependencyConfig> dependencies, Duration rpoObjective) {
        dependencies.forEach((name, dep) -> {
            String prefix = "agent.dependencies." + name + ".";
            if (!NAME.matcher(name).matches()) {
                error("agent.dependencies." + name, "name must be lower-case letters, digits, '-' or '_' (it is a JSON key and a metric label)");
            } else if (RESERVED_NAMES.contains(name)) {
                error("agent.dependencies." + name, "name is reserved (a top-level key of /health/saas)");
            }
            Optional<DependencyType> type = DependencyType.parse(dep.type());
            if (type.isEmpty()) {
                error(prefix + "type", "unknown type '" + dep.type() + "', expected one of " + String.join(", ", DependencyType.ids()));
            }
            url(prefix + "url", dep.url(), type.map(DependencyType::schemes).orElse(null));
            positive(prefix + "interval", dep.interval());
            positive(prefix + "timeout", dep.timeout());
            positive(prefix + "latency-budget", dep.latencyBudget());
            if (!dep.interval().isNegative() && dep.timeout().compareTo(dep.interval()) > 0) {
                error(prefix + "timeout", "must not exceed interval (" + dep.interval() + "), or probes would pile up");
            }
            atLeastOne(prefix + "failure-threshold", dep.failureThreshold());
            atLeastOne(prefix + "success-threshold", dep.successThreshold());
            positive(prefix + "circuit.open-duration", dep.circuit().openDuration());
            if (dep.circuit().maxOpenDuration().compareTo(dep.circuit().openDuration()) < 0) {
                error(prefix + "circuit.max-open-duration", "must be at least open-duration (" + dep.circuit().openDuration() + ")");
            }
            if (dep.circuit().backoffMultiplier() < 1.0) {
                error(prefix + "circuit.backoff-multiplier", "must be >= 1");
            }
            secretFile(prefix + "username-file", dep.usernameFile());
            secretFile(prefix + "password-file", dep.passwordFile());
            secretFile(prefix + "api-key-file", dep.apiKeyFile());
            ratio(prefix + "memory-warn-ratio", dep.memoryWarnRatio());
            ratio(prefix + "clients-warn-ratio", dep.clientsWarnRatio());
            ratio(prefix + "backends-warn-ratio", dep.backendsWarnRatio());
            positive(prefix + "transaction-age-warn", dep.transactionAgeWarn());
            positive(prefix + "replication-lag-warn", dep.replicationLagWarn());
            dep.mirrorLagWarn().ifPresent(warn -> {
                positive(prefix + "mirror-lag-warn", warn);
                if (warn.compareTo(rpoObjective) > 0) {
                    error(prefix + "mirror-lag-warn", "must not exceed agent.failover.rpo-objective (" + rpoObjective + ")");
                }
            });
            if (!dep.mirrors().isEmpty() && type.isPresent() && type.get() != DependencyType.NATS) {
                error(prefix + "mirrors", "only a nats dependency has mirrors");
            }
            dep.expectedStatus().ifPresent(codes -> codes.stream().filter(c -> c < 100 || c > 599).findFirst()
                    .ifPresent(c -> error(prefix + "expected-status", "'" + c + "' is not an HTTP status code")));
            dep.tlsCaFile().flatMap(TlsTrust::problem).ifPresent(p -> error(prefix + "tls-ca-file", p));
            positive(prefix + "cert-expiry-critical", dep.certExpiryCritical());
            if (dep.certExpiryWarn().compareTo(dep.certExpiryCritical()) <= 0) {
                error(prefix + "cert-expiry-warn", "must be longer than cert-expiry-critical (" + dep.certExpiryCritical() + ")");
            }
        });
    }

    private void metrics(AgentConfig.Metrics metrics) {
        if (!METRIC_PREFIX.matcher(metrics.prefix()).matches()) {
            error("agent.metrics.prefix", "'" + metrics.prefix() + "' is not a valid Prometheus metric name prefix");
        }
        positive("agent.metrics.window", metrics.window());
    }

    private void failover(AgentConfig.Failover f, Map<String, AgentConfig.DependencyConfig> dependencies) {
        oneOf("agent.failover.mode", f.mode(), MODES);
        oneOf("agent.failover.provider", f.provider(), PROVIDERS);
        if (f.cooldown().isNegative()) {
            error("agent.failover.cooldown", "must not be negative");
        }
        positive("agent.failover.recovery-objective", f.recoveryObjective());
        positive("agent.failover.rpo-objective", f.rpoObjective());
        positive("agent.failover.rpo-warn", f.rpoWarn());
        positive("agent.failover.request-ttl", f.requestTtl());
        positive("agent.failover.verify-interval", f.verifyInterval());
        if (f.rpoWarn().compareTo(f.rpoObjective()) > 0) {
            error("agent.failover.rpo-warn", "must not exceed rpo-objective (" + f.rpoObjective() + ")");
        }
        if (f.ttl() < 1) {
            error("agent.failover.ttl", "must be at least 1 second");
        }
        f.drDependency().ifPresent(dr -> {
            if (!dependencies.containsKey(dr)) {
                error("agent.failover.dr-dependency", "names no configured dependency '" + dr + "'");
            }
        });
        f.rules().forEach((name, rule) -> {
            String prefix = "agent.failover.rules." + name + ".";
            oneOf(prefix + "signal", rule.signal(), SIGNALS);
            oneOf(prefix + "action", rule.action(), ACTIONS);
            oneOf(prefix + "severity", rule.severity(), SEVERITIES);
            if (!(rule.threshold() > 0)) {
                error(prefix + "threshold", "must be positive");
            }
            if ("error_rate".equals(rule.signal()) || "all_unreachable".equals(rule.signal())) {
                if (rule.threshold() > 1) {
                    error(prefix + "threshold", "is a fraction for " + rule.signal() + " (0.5 = 50%), got " + rule.threshold());
                }
            }
            atLeastOne(prefix + "min-samples", rule.minSamples());
            rule.window().ifPresent(w -> positive(prefix + "window", w));
            rule.dependencies().ifPresent(names -> names.stream().filter(n -> !dependencies.containsKey(n)).findFirst()
                    .ifPresent(n -> error(prefix + "dependencies", "names no configured dependency '" + n + "'")));
        });
        f.failback().steps().stream().filter(s -> s < 1 || s > 100).findFirst()
                .ifPresent(s -> error("agent.failover.failback.steps", "'" + s + "' is not a percentage from 1 to 100"));
        secretFile("agent.failover.rfc2136.tsig-secret-file", f.rfc2136().tsigSecretFile());
        route53(f.route53());
        cloudflare(f.cloudflare());
        if ("active".equals(f.mode())) {
            required("agent.failover.record", f.record());
            required("agent.failover.primary-target", f.primaryTarget());
            required("agent.failover.dr-target", f.drTarget());
            // The DR target's own probe is the first guard before any write.
            required("agent.failover.dr-dependency", f.drDependency());
            switch (f.provider()) {
                case "rfc2136" -> {
                    required("agent.failover.rfc2136.zone", f.rfc2136().zone());
                    required("agent.failover.rfc2136.tsig-key-name", f.rfc2136().tsigKeyName());
                    requiredSecret("agent.failover.rfc2136.tsig-secret", f.rfc2136().tsigSecret(), f.rfc2136().tsigSecretFile());
                }
                case "route53" -> required("agent.failover.route53.hosted-zone-id", f.route53().hostedZoneId());
                case "cloudflare" -> {
                    required("agent.failover.cloudflare.zone-id", f.cloudflare().zoneId());
                    requiredSecret("agent.failover.cloudflare.api-token", f.cloudflare().apiToken(), f.cloudflare().apiTokenFile());
                }
                default -> {
                    // already reported by oneOf
                }
            }
        }
    }

    private void route53(AgentConfig.Route53 r) {
        String prefix = "agent.failover.route53.";
        secretFile(prefix + "secret-access-key-file", r.secretAccessKeyFile());
        r.hostedZoneId().filter(id -> !HOSTED_ZONE_ID.matcher(id).matches())
                .ifPresent(id -> error(prefix + "hosted-zone-id", "'" + id + "' is not a hosted zone id (like Z1D633PJN98FT9)"));
        r.aliasHostedZoneId().filter(id -> !HOSTED_ZONE_ID.matcher(id).matches())
                .ifPresent(id -> error(prefix + "alias-hosted-zone-id", "'" + id + "' is not a hosted zone id (like Z35SXDOTRQ7X7K)"));
        if (!AWS_REGION.matcher(r.region()).matches()) {
            error(prefix + "region", "'" + r.region() + "' is not an AWS region (like us-east-1)");
        }
        r.endpoint().ifPresent(e -> url(prefix + "endpoint", e, List.of("http", "https")));
        boolean keyId = r.accessKeyId().filter(v -> !v.isBlank()).isPresent();
        boolean secret = r.secretAccessKey().filter(v -> !v.isBlank()).isPresent() || r.secretAccessKeyFile().isPresent();
        if (keyId != secret) {
            error(prefix + (keyId ? "secret-access-key" : "access-key-id"),
                    "is required with " + (keyId ? "access-key-id" : "secret-access-key") + " (or set neither to use the default credentials chain)");
        }
        if (r.primarySetIdentifier().isPresent() != r.drSetIdentifier().isPresent()) {
            error(prefix + (r.primarySetIdentifier().isPresent() ? "dr-set-identifier" : "primary-set-identifier"),
                    "weighted records need both primary-set-identifier and dr-set-identifier");
        }
        positive(prefix + "insync-timeout", r.insyncTimeout());
        positive(prefix + "insync-poll-interval", r.insyncPollInterval());
        positive(prefix + "timeout", r.timeout());
        atLeastOne(prefix + "max-attempts", r.maxAttempts());
    }

    private void cloudflare(AgentConfig.Cloudflare c) {
        String prefix = "agent.failover.cloudflare.";
        secretFile(prefix + "api-token-file", c.apiTokenFile());
        url(prefix + "api-url", c.apiUrl(), List.of("http", "https"));
        positive(prefix + "timeout", c.timeout());
        atLeastOne(prefix + "max-attempts", c.maxAttempts());
    }

    private void notifications(AgentConfig.Notify n) {
        String prefix = "agent.notify.";
        url(prefix + "pagerduty.url", n.pagerduty().url(), List.of("http", "https"));
        secretFile(prefix + "pagerduty.routing-key-file", n.pagerduty().routingKeyFile());
        secretFile(prefix + "slack.webhook-url-file", n.slack().webhookUrlFile());
        n.slack().webhookUrl().filter(u -> !u.isBlank()).ifPresent(u -> url(prefix + "slack.webhook-url", u, List.of("http", "https")));
        n.webhook().url().filter(u -> !u.isBlank()).ifPresent(u -> url(prefix + "webhook.url", u, List.of("http", "https")));
        secretFile(prefix + "webhook.token-file", n.webhook().tokenFile());
        positive(prefix + "timeout", n.timeout());
        positive(prefix + "retry-backoff", n.retryBackoff());
        positive(prefix + "max-age", n.maxAge());
        atLeastOne(prefix + "max-attempts", n.maxAttempts());
    }

    private void url(String key, String value, List<String> schemes) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            // The reason, not the value: a URL may carry credentials.
            error(key, "malformed URL (" + e.getReason() + ")");
            return;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            error(key, "malformed URL: expected scheme://host[:port]" + (schemes == null ? "" : " with scheme " + String.join(" or ", schemes)));
        } else if (schemes != null && !schemes.contains(uri.getScheme().toLowerCase())) {
            error(key, "scheme '" + uri.getScheme() + "' does not fit this type, expected " + String.join(" or ", schemes));
        } else if ("tcp".equals(uri.getScheme()) && uri.getPort() < 0) {
            error(key, "a tcp URL needs a port");
        }
    }

    private void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            error(key, "must be positive, got " + value);
        }
    }

    /** A share of a maximum: more than 0, at most 1. */
    private void ratio(String key, double value) {
        if (!(value > 0 && value <= 1)) {
            error(key, "must be a ratio above 0 and at most 1, got " + value);
        }
    }

    private void atLeastOne(String key, int value) {
        if (value < 1) {
            error(key, "must be at least 1, got " + value);
        }
    }

    private void oneOf(String key, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            error(key, "unknown value '" + value + "', expected one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
    }

    private void required(String key, Optional<String> value) {
        if (value.filter(v -> !v.isBlank()).isEmpty()) {
            error(key, "is required in active mode");
        }
    }

    private void requiredSecret(String key, Optional<String> value, Optional<String> file) {
        if (value.filter(v -> !v.isBlank()).isEmpty() && file.isEmpty()) {
            error(key, "is required in active mode (set it from an env var, or " + key + "-file)");
        }
    }

    private void secretFile(String key, Optional<String> file) {
        file.map(Secrets::problemWithFile).ifPresent(problem -> error(key, problem));
    }

    private void error(String key, String problem) {
        errors.add(new ConfigError(key, problem));
    }
}
