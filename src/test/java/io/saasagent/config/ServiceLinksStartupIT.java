package io.saasagent.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.saasagent.testing.RunningAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged agent (in CI: the native executable too) in a pod that keeps Kubernetes' service links: the
 * variables of Services named like the agent's configuration keys ({@code agent-api}, {@code
 * agent-dependencies-api}, a cluster check's, a mirror's) are in its environment. It starts and serves
 * {@code /health/saas} with its configured dependencies only: no phantom dependency, check or mirror, and no
 * refusal to start.
 */
class ServiceLinksStartupIT {

    @Test
    @Timeout(120)
    void servicesNamedAfterAgentKeysChangeNothingOfItsConfiguration() throws Exception {
        Map<String, String> env = new HashMap<>();
        for (String service : new String[]{"agent", "agent-api", "agent-dependencies-api", "agent-dependencies-cache",
                "agent-dependencies-cache-mirrors-orders", "agent-cluster-checks-nightly", "agent-failover"}) {
            env.putAll(ServiceLinkFilterTest.serviceLinks(service, "10.0.0.1"));
        }
        assertThat(env).containsEntry("AGENT_DEPENDENCIES_API_SERVICE_HOST", "10.0.0.1")
                .containsEntry("AGENT_DEPENDENCIES_API_PORT", "tcp://10.0.0.1:80")
                .containsEntry("AGENT_API_PORT_80_TCP_ADDR", "10.0.0.1").containsEntry("AGENT_API_SERVICE_PORT", "80");

        try (ServerSocket cache = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             RunningAgent agent = RunningAgent.start(Map.of(
                     "agent.dependencies.cache.type", "tcp",
                     "agent.dependencies.cache.url", "tcp://127.0.0.1:" + cache.getLocalPort(),
                     "agent.dependencies.cache.critical", "true"), env)) {
            JsonNode health = agent.json("/health/saas");
            Set<String> dependencies = new TreeSet<>();
            health.fields().forEachRemaining(f -> {
                if (f.getValue().has("type")) {
                    dependencies.add(f.getKey());
                }
            });
            assertThat(dependencies).as(health.toString()).containsExactly("cache");
            assertThat(health.has("api")).isFalse();
            assertThat(health.path("cache").path("status").asText()).isEqualTo("healthy");
            assertThat(health.path("cache").path("details").has("mirrors")).isFalse();
            assertThat(health.path("status").asText()).isEqualTo("healthy");
            assertThat(agent.log()).doesNotContain("Invalid configuration").contains("probing cache (tcp)")
                    .doesNotContain("10.0.0.1");
        }
    }
}
