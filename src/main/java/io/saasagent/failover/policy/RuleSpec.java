package io.saasagent.failover.policy;

import io.saasagent.config.FailoverConfig;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One policy rule as configured under {@code agent.failover.rules.<name>.*}.
 *
 * @param window     the rule's window; null means the metrics window ({@code agent.metrics.window})
 * @param minSamples error_rate and latency_p99 only fire on at least this many probes in the window
 */
public record RuleSpec(String name, Signal signal, List<String> dependencies, double threshold, Duration window,
                       Action action, String severity, int minSamples, boolean enabled) {

    public RuleSpec {
        dependencies = List.copyOf(dependencies);
    }

    public enum Signal {
        /**
         * A dependency is down from an outage: unhealthy or circuit_open after its own failure-threshold
         * (the rule has no counter of its own, so it fires together with the status change).
         */
        CONSECUTIVE_FAILURES(false),
        /** Probe error rate over the window above {@code threshold} (a fraction: 0.5 = 50%). */
        ERROR_RATE(false),
        /** Probe p99 latency over the window above {@code threshold} seconds. */
        LATENCY_P99(false),
        /** At least {@code threshold} (a fraction, 1 = all) of the nats dependencies are down. */
        ALL_UNREACHABLE(true),
        /** A JetStream mirror's lag above {@code threshold} seconds. */
        MIRROR_LAG(true),
        /** A dependency is down because it rejects the agent's credentials, trust or request. */
        REJECTED(false);

        private final boolean nats;

        Signal(boolean nats) {
            this.nats = nats;
        }

        /** Whether an empty dependency list means every nats dependency (else every critical one). */
        public boolean natsScoped() {
            return nats;
        }

        /** Whether the rule reads the window (error rate, percentiles). */
        public boolean windowed() {
            return this == ERROR_RATE || this == LATENCY_P99;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Signal parse(String value) {
            return Arrays.stream(values()).filter(s -> s.id().equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown signal " + value));
        }
    }

    public enum Action {
        DNS_FAILOVER, ALERT;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Action parse(String value) {
            return "dns_failover".equals(value) ? DNS_FAILOVER : ALERT;
        }
    }

    public boolean failover() {
        return action == Action.DNS_FAILOVER;
    }

    public static RuleSpec from(String name, FailoverConfig.Rule rule) {
        return new RuleSpec(name, Signal.parse(rule.signal()), rule.dependencies().orElse(List.of()), rule.threshold().orElse(0),
                rule.window().orElse(null), Action.parse(rule.action()), rule.severity(), rule.minSamples(), rule.enabled());
    }
}
