package io.saasagent.probe;

import io.saasagent.config.TestConfigs;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Builds a {@link ProbeTarget} through the real configuration mapping and validator, as the agent does. */
public final class TestTargets {
    private TestTargets() {
    }

    /**
     * @param keys keys of {@code agent.dependencies.<name>.} ("timeout", "password", "mirrors.ORIGIN"...),
     *             or whole keys when they start with {@code agent.}
     */
    public static ProbeTarget target(String name, String type, String url, Map<String, String> keys, Clock clock) {
        String prefix = "agent.dependencies." + name + ".";
        Map<String, String> p = new HashMap<>();
        p.put(prefix + "type", type);
        p.put(prefix + "url", url);
        keys.forEach((k, v) -> p.put(k.startsWith("agent.") ? k : prefix + k, v));
        return ProbeTarget.of(name, TestConfigs.valid(p), clock);
    }
}
