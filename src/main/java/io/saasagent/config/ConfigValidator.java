package io.saasagent.config;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the whole configuration before anything starts and names every bad key. Pure: it reads
 * the mapping and the secret files' existence, nothing else, so it is tested without Quarkus.
 */
public final class ConfigValidator extends KeyChecks {
    public static final Set<String> MODES = Set.of("dry-run", "passive", "active");
    public static final Set<String> PROVIDERS = Set.of("rfc2136", "route53", "cloudflare");
    public static final Set<String> SIGNALS = Set.of("consecutive_failures", "error_rate", "latency_p99", "all_unreachable", "mirror_lag",
            "rejected");
    /** Signals that follow each dependency's own failure-threshold: a rule threshold would be a second one. */
    private static final Set<String> STATUS_SIGNALS = Set.of("consecutive_failures", "rejected");
    public static final Set<String> ACTIONS = Set.of("dns_failover", "alert");
    public static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");
    public static final Set<String> COORDINATION_MODES = Set.of("auto", "kubernetes", "none");
    /** A bare id, or the /hostedzone/ path the API answers with. */
    private static final Pattern HOSTED_ZONE_ID = Pattern.compile("(/hostedzone/)?[A-Z0-9]{1,32}");
    private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+(-\\d+)?");
    private static final Pattern METRIC_PREFIX = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");


    private ConfigValidator() {
        super(new ArrayList<>());
    }

    public static List<ConfigError> validate(AgentConfig config) {
        return validate(config, Map.of());
    }

    /** @param raw the {@code agent.*} properties as written, for what the mapping cannot refuse (booleans) */
    public static List<ConfigError> validate(AgentConfig config, Map<String, String> raw) {
        ConfigValidator v = new ConfigValidator();
        DependencyChecks dependencies = new DependencyChecks(v.errors);
        new java.util.TreeMap<>(raw).forEach(dependencies::strictBoolean);
        dependencies.dependencies(config.dependencies(), config.failover().rpoObjective());
        v.metrics(config.metrics());
        v.failover(config.failover(), config.dependencies());
        v.notifications(config.notifications());
        v.statuspage(config.statuspage());
        v.secretFile("agent.admin.token-file", config.admin().tokenFile());
        v.coordination(config.coordination());
        new RegionChecks(v.errors).region(config.region(), config.failover(), config.dependencies());
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

    private void metrics(AgentConfig.Metrics metrics) {
        if (!METRIC_PREFIX.matcher(metrics.prefix()).matches()) {
            error("agent.metrics.prefix", "'" + metrics.prefix() + "' is not a valid Prometheus metric name prefix");
        }
        positive("agent.metrics.window", metrics.window());
    }

    private void failover(FailoverConfig f, Map<String, DependencyConfig> dependencies) {
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
            DependencyConfig d = dependencies.get(dr);
            if (d == null) {
                error("agent.failover.dr-dependency", "names no configured dependency '" + dr + "'");
            } else if (DependencyType.parse(d.type()).filter(t -> t == DependencyType.HTTP).isEmpty()) {
                error("agent.failover.dr-dependency", "'" + dr + "' must be an http dependency (the DR region's endpoint)");
            } else if (d.critical() || d.failover().orElse(false)) {
                error("agent.failover.dr-dependency", "'" + dr + "' must be neither critical nor feed failover: "
                        + "the DR region down must not fail over the primary");
            }
        });
        f.rules().forEach((name, rule) -> {
            String prefix = "agent.failover.rules." + name + ".";
            oneOf(prefix + "signal", rule.signal(), SIGNALS);
            oneOf(prefix + "action", rule.action(), ACTIONS);
            oneOf(prefix + "severity", rule.severity(), SEVERITIES);
            if (STATUS_SIGNALS.contains(rule.signal())) {
                if (rule.threshold().isPresent()) {
                    error(prefix + "threshold", "is not used by " + rule.signal() + ": it follows each dependency's own "
                            + "failure-threshold (agent.dependencies.<name>.failure-threshold); remove it");
                }
            } else if (rule.threshold().isEmpty()) {
                error(prefix + "threshold", "is required for " + rule.signal());
            } else if (!(rule.threshold().getAsDouble() > 0)) {
                error(prefix + "threshold", "must be positive");
            } else if (("error_rate".equals(rule.signal()) || "all_unreachable".equals(rule.signal())) && rule.threshold().getAsDouble() > 1) {
                error(prefix + "threshold", "is a fraction for " + rule.signal() + " (0.5 = 50%), got " + rule.threshold().getAsDouble());
            }
            atLeastOne(prefix + "min-samples", rule.minSamples());
            rule.window().ifPresent(w -> positive(prefix + "window", w));
            rule.dependencies().ifPresent(names -> names.stream().filter(n -> !dependencies.containsKey(n)).findFirst()
                    .ifPresent(n -> error(prefix + "dependencies", "names no configured dependency '" + n + "'")));
        });
        failbackSteps(f.failback().steps());
        secretFile("agent.failover.rfc2136.tsig-secret-file", f.rfc2136().tsigSecretFile());
        route53(f.route53());
        cloudflare(f.cloudflare());
        if ("passive".equals(f.mode())) {
            // A passive 503 moves traffic as surely as a write: the same DR guard, or it could never flip.
            required("agent.failover.dr-dependency", f.drDependency());
        }
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

    private void failbackSteps(List<Integer> steps) {
        String key = "agent.failover.failback.steps";
        for (int i = 0; i < steps.size(); i++) {
            int s = steps.get(i);
            if (s < 1 || s > 100) {
                error(key, "'" + s + "' is not a percentage from 1 to 100");
                return;
            }
            if (i > 0 && s <= steps.get(i - 1)) {
                error(key, "must increase strictly, got " + steps);
                return;
            }
        }
        if (steps.isEmpty() || steps.get(steps.size() - 1) != 100) {
            error(key, "must end at 100 (all traffic back on the primary), got " + steps);
        }
    }

    private void route53(FailoverConfig.Route53 r) {
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

    private void cloudflare(FailoverConfig.Cloudflare c) {
        String prefix = "agent.failover.cloudflare.";
        secretFile(prefix + "api-token-file", c.apiTokenFile());
        url(prefix + "api-url", c.apiUrl(), List.of("http", "https"));
        positive(prefix + "timeout", c.timeout());
        atLeastOne(prefix + "max-attempts", c.maxAttempts());
    }

    private void statuspage(AgentConfig.Statuspage s) {
        String prefix = "agent.statuspage.";
        boolean configured = s.pageId().filter(v -> !v.isBlank()).isPresent();
        secretFile(prefix + "api-key-file", s.apiKeyFile());
        url(prefix + "api-url", s.apiUrl(), List.of("http", "https"));
        positive(prefix + "update-interval", s.updateInterval());
        s.templates().filter(dir -> !java.nio.file.Files.isDirectory(java.nio.file.Path.of(dir)))
                .ifPresent(dir -> error(prefix + "templates", "directory " + dir + " does not exist"));
        if (configured && s.apiKey().filter(v -> !v.isBlank()).isEmpty() && s.apiKeyFile().isEmpty()) {
            // Named on page-id: "api-key: <word>" would read as a credential to the log's redactor, and be masked.
            error(prefix + "page-id", "is set without an API key (" + prefix + "api-key from an env var, or " + prefix + "api-key-file)");
        }
        if (!configured && (s.apiKey().filter(v -> !v.isBlank()).isPresent() || s.apiKeyFile().isPresent() || s.componentId().isPresent())) {
            error(prefix + "page-id", "is required when agent.statuspage.* is configured (the page's id, like kctbh9vrtdwd)");
        }
    }

    private void notifications(NotifyConfig n) {
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

}
