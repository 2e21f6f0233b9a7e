package io.saasagent.config;

import io.saasagent.support.TlsTrust;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks of {@code agent.dependencies.<name>.*}, and of boolean keys as written. */
final class DependencyChecks extends KeyChecks {
    /** Keys read as booleans: the mapping would read any other word ("maybe", "yes") as false. */
    private static final List<String> BOOLEAN_KEYS = List.of(".critical", ".failover", ".enabled", ".force-ownership",
            ".evaluate-target-health", ".readiness-includes-critical");
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    /** Names that would collide with the top-level keys of /health/saas. */
    private static final Set<String> RESERVED_NAMES = Set.of("status", "failover");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?");

    DependencyChecks(List<ConfigError> errors) {
        super(errors);
    }

    void strictBoolean(String key, String value) {
        if (key.startsWith("agent.") && BOOLEAN_KEYS.stream().anyMatch(key::endsWith) && value != null
                && !value.strip().equalsIgnoreCase("true") && !value.strip().equalsIgnoreCase("false")) {
            error(key, "must be true or false, got '" + value.strip() + "'");
        }
    }

    void dependencies(Map<String, DependencyConfig> dependencies, Duration rpoObjective) {
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
            if (type.filter(t -> t == DependencyType.NATS).isPresent()) {
                // A NATS client takes a comma-separated list of servers: each one must be a nats URL.
                for (String server : dep.url().split(",")) {
                    url(prefix + "url", server, DependencyType.NATS.schemes());
                }
            } else {
                url(prefix + "url", dep.url(), type.map(DependencyType::schemes).orElse(null));
            }
            positive(prefix + "interval", dep.interval());
            Duration timeout = DependencyConfig.timeoutOf(dep);
            if (timeout.compareTo(MIN_TIMEOUT) < 0) {
                error(prefix + "timeout", "must be at least 1 ms, got " + timeout);
            } else if (!dep.interval().isNegative() && !dep.interval().isZero() && timeout.compareTo(dep.interval()) > 0) {
                error(prefix + "timeout", "must not exceed interval (" + dep.interval() + "), or probes would pile up");
            }
            dep.latencyBudget().ifPresent(budget -> {
                positive(prefix + "latency-budget", budget);
                if (budget.compareTo(timeout) >= 0 && timeout.compareTo(MIN_TIMEOUT) >= 0) {
                    error(prefix + "latency-budget", "must be below timeout (" + timeout + "): a probe never answers slower than its timeout");
                }
            });
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
            positive(prefix + "archive-lag-warn", dep.archiveLagWarn());
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
}
