package io.saasagent.probe;

import io.saasagent.config.AgentConfig;
import io.saasagent.config.TestConfigs;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** A {@link ProbeTarget} built through the real configuration mapping, as the agent builds it. */
final class Targets {
    private Targets() {
    }

    /** {@code keys} are relative to {@code agent.dependencies.<name>.}, e.g. "type", "url", "timeout". */
    static ProbeTarget target(String name, Map<String, String> keys, Clock clock) {
        Map<String, String> properties = new HashMap<>();
        keys.forEach((k, v) -> properties.put("agent.dependencies." + name + "." + k, v));
        AgentConfig config = TestConfigs.agent(properties);
        return ProbeTarget.of(name, config.dependencies().get(name), clock);
    }
}
