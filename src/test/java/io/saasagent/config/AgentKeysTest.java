package io.saasagent.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's unknown-key check: every shape of key the mapping has passes, a misspelt one is named. */
class AgentKeysTest {
    @Test
    void everyShapeOfKnownKeyPasses() {
        assertThat(AgentKeys.unknown(List.of(
                "agent.failover.mode",                                  // a group's value
                "agent.dependencies.cache.url",                         // a map of groups
                "agent.dependencies.\"cache.eu\".url",                  // a quoted map key
                "agent.dependencies.cache.circuit.backoff-multiplier",  // a group inside a map entry
                "agent.dependencies.stream.mirrors.orders",             // a map of values inside a map entry
                "agent.dependencies.api.expected-status",               // an optional list
                "agent.failover.failback.steps",                        // a list
                "agent.failover.failback.steps[0]",                     // a list, indexed
                "agent.dependencies.api.expected-status[12]",
                "agent.failover.rules.mirror_lag.dependencies",         // a map of groups with a list
                "agent.cluster-checks.interval",
                "agent.cluster-checks.backups.warn-age",                // the cluster checks' free-form map
                "agent.coordination.pod-name",                          // a renamed key
                "agent.notify.slack.webhook-url-file",
                "quarkus.http.port", "agents.x", "AGENT_FAILOVER_MODEE"))) // not the agent's keys: not this check's
                .isEmpty();
    }

    @Test
    void aMisspeltKeyIsNamedOnePerLine() {
        assertThat(AgentKeys.unknown(List.of("agent.failover.modee", "agent.dependencies.cache.intervall", "agent.failover.mode",
                "agent.dependencie.cache.url", "agent.cluster-checks")))
                .extracting(ConfigError::key)
                .containsExactly("agent.cluster-checks", "agent.dependencie.cache.url", "agent.dependencies.cache.intervall",
                        "agent.failover.modee");
        assertThat(AgentKeys.unknown(List.of("agent.failover.modee")).get(0).toString())
                .isEqualTo("agent.failover.modee: unknown key: no setting of the agent has this name (see docs/configuration.md)");
    }
}
