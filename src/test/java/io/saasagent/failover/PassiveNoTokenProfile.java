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
        int port = FreePorts.next();
        return Map.ofEntries(Map.entry("quarkus.http.test-port", Integer.toString(port)), Map.entry(
                "agent.dependencies.api.type", "tcp"),
                Map.entry("agent.dependencies.api.url", "tcp://127.0.0.1:" + FreePorts.next()),
                Map.entry("agent.dependencies.api.critical", "true"),
                Map.entry("agent.dependencies.api.interval", "200ms"),
                Map.entry("agent.dependencies.api.timeout", "150ms"),
                // The same guards as active mode: the DR target must answer. It is an http dependency (as a DR
                // target must be): the agent's own liveness stands for the DR region's endpoint.
                Map.entry("agent.dependencies.dr.type", "http"),
                Map.entry("agent.dependencies.dr.url", "http://127.0.0.1:" + port + "/health/live"),
                Map.entry("agent.failover.dr-dependency", "dr"),
                Map.entry("agent.failover.mode", "passive"));
    }
}
