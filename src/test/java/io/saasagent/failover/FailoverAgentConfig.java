package io.saasagent.failover;

import io.saasagent.config.AgentConfig;
import io.saasagent.state.DependencyEvent;
import io.saasagent.state.DependencyRegistry;
import io.saasagent.state.DependencyState;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one agent the engine tests ({@link EngineWorld}) and the multi-agent fleet share: a critical
 * redis, the DR region's endpoint as the DR dependency, and an rfc2136 failover of {@link #RECORD}
 * from {@link #PRIMARY} to {@link #DR}. Only where the dependencies are differs.
 */
public final class FailoverAgentConfig {
    public static final String RECORD = "api.example.test.";
    public static final String PRIMARY = "192.0.2.10";
    public static final String DR = "198.51.100.10";

    private FailoverAgentConfig() {
    }

    /** The properties, with the DR endpoint given as a URL of type {@code drType}; callers add or override keys. */
    public static Map<String, String> properties(String mode, String redisUrl, String drType, String drUrl) {
        Map<String, String> p = new HashMap<>();
        p.put("agent.dependencies.redis.type", "redis");
        p.put("agent.dependencies.redis.url", redisUrl);
        p.put("agent.dependencies.redis.critical", "true");
        p.put("agent.dependencies.dr-api.type", drType);
        p.put("agent.dependencies.dr-api.url", drUrl);
        p.put("agent.failover.mode", mode);
        p.put("agent.failover.record", RECORD);
        p.put("agent.failover.primary-target", PRIMARY);
        p.put("agent.failover.dr-target", DR);
        p.put("agent.failover.dr-dependency", "dr-api");
        p.put("agent.failover.rfc2136.zone", "example.test.");
        p.put("agent.failover.rfc2136.tsig-key-name", "agent-key");
        p.put("agent.failover.rfc2136.tsig-secret", "c2VjcmV0LXNlY3JldC1zZWNyZXQ=");
        return p;
    }

    /** Every configured dependency's state, in configuration order, as the registry builds them. */
    public static Map<String, DependencyState> states(AgentConfig config, Clock clock, Consumer<DependencyEvent> sink) {
        Map<String, DependencyState> states = new LinkedHashMap<>();
        config.dependencies().forEach((name, c) ->
                states.put(name, new DependencyState(DependencyRegistry.settings(io.saasagent.probe.Dependency.of(name, config, clock), config.metrics().window()), clock, sink)));
        return states;
    }
}
