package io.saasagent.probe;

import io.saasagent.config.DependencyType;
import io.saasagent.config.AgentConfig;
import io.saasagent.config.DependencyConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One dependency as configured, built once at start: what the registry keeps state for, what the
 * watchdog schedules and what the probe talks to. Nothing else reads {@code agent.dependencies.*}.
 *
 * @param failover whether its outages feed the dns_failover rules (default: critical, but never nats)
 */
public record Dependency(ProbeTarget target, Duration interval, boolean critical, boolean failover,
                         int failureThreshold, int successThreshold,
                         Duration openDuration, double backoffMultiplier, Duration maxOpenDuration) {

    public String name() {
        return target.name();
    }

    public DependencyType type() {
        return target.type();
    }

    public Duration timeout() {
        return target.timeout();
    }

    public static Dependency of(String name, AgentConfig agent, Clock clock) {
        DependencyConfig c = agent.dependencies().get(name);
        ProbeTarget target = ProbeTarget.of(name, agent, clock);
        boolean failover = c.failover().orElse(c.critical() && target.type() != DependencyType.NATS);
        return new Dependency(target, c.interval(), c.critical(), failover, c.failureThreshold(), c.successThreshold(),
                c.circuit().openDuration(), c.circuit().backoffMultiplier(), c.circuit().maxOpenDuration());
    }

    /** Every configured dependency by name (sorted). */
    public static Map<String, Dependency> all(AgentConfig agent, Clock clock) {
        Map<String, Dependency> all = new TreeMap<>();
        agent.dependencies().keySet().forEach(name -> all.put(name, of(name, agent, clock)));
        return Collections.unmodifiableMap(all);
    }
}
