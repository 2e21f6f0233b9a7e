package io.saasagent.failover;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.saasagent.testing.FreePorts;

import java.util.Map;

/**
 * Passive mode, no admin token, and a critical dependency that never answers: a loopback port
 * nothing listens on, so every probe is refused and the policy fires after three of them; a DR
 * dependency that answers, so the guards pass.
 */
public class PassiveNoTokenProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "agent.dependencies.api.type", "tcp",
                "agent.dependencies.api.url", "tcp://127.0.0.1:" + FreePorts.next(),
                "agent.dependencies.api.critical", "true",
                "agent.dependencies.api.interval", "200ms",
                "agent.dependencies.api.timeout", "150ms",
                // The same guards as active mode: the DR target must answer (the loopback Redis stands for it).
                "agent.dependencies.dr.type", "tcp",
                "agent.dependencies.dr.url", "tcp://127.0.0.1:6379",
                "agent.failover.dr-dependency", "dr",
                "agent.failover.mode", "passive");
    }
}
