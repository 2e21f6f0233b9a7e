package io.saasagent.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Kubernetes' service-link variables never become configuration; every other variable still does. */
@Timeout(30)
class ServiceLinkFilterTest {

    /** The variables the kubelet gives a pod for a Service {@code name} with one TCP port 80 named http. */
    static Map<String, String> serviceLinks(String service, String ip) {
        String p = service.toUpperCase().replace('-', '_');
        String url = "tcp://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":80";
        Map<String, String> env = new LinkedHashMap<>();
        env.put(p + "_SERVICE_HOST", ip);
        env.put(p + "_SERVICE_PORT", "80");
        env.put(p + "_SERVICE_PORT_HTTP", "80");
        env.put(p + "_PORT", url);
        env.put(p + "_PORT_80_TCP", url);
        env.put(p + "_PORT_80_TCP_PROTO", "tcp");
        env.put(p + "_PORT_80_TCP_PORT", "80");
        env.put(p + "_PORT_80_TCP_ADDR", ip);
        return env;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            AGENT_DEPENDENCIES_API_SERVICE_HOST | 10.0.0.1               | true
            AGENT_DEPENDENCIES_API_SERVICE_HOST | fd00:10:96::a          | true
            AGENT_API_PORT                      | tcp://10.0.0.2:80      | true
            AGENT_PORT                          | tcp://[fd00::1]:8080   | true
            AGENT_API_PORT_80_TCP_ADDR          | 10.0.0.2               | true
            AGENT_API_PORT_53_UDP_PROTO         | udp                    | true
            AGENT_API_SERVICE_PORT_METRICS      | 9090                   | true
            QUARKUS_HTTP_PORT                   | 8080                   | false
            QUARKUS_HTTP_PORT                   | tcp://10.0.0.3:80      | false
            AGENT_ADMIN_TOKEN_FILE              | /run/token             | false
            AGENT_DEPENDENCIES_API_URL          | http://10.0.0.1:80     | false
            AGENT_API_SERVICE_HOST              | api.example.com        | false
            AGENT_API_PORT                      | 80                     | false
            KUBERNETES_SERVICE_HOST             | 10.96.0.1              | false
            BILLING_API_PORT                    | tcp://10.0.0.4:80      | false
            """)
    void aServiceLinkHasTheKubeletsNameAndValueShape(String name, String value, boolean link) {
        assertThat(ServiceLinkFilter.isServiceLink(name, value)).isEqualTo(link);
    }

    @Test
    void servicesNamedLikeAgentKeysAddNoDependencyNoCheckNoMirrorAndChangeNoValue() {
        Map<String, String> env = new HashMap<>();
        for (String service : new String[]{"agent", "agent-api", "agent-dependencies-api", "agent-dependencies-queue",
                "agent-dependencies-queue-mirrors-orders", "agent-cluster-checks-backups", "agent-failover-rules-odd"}) {
            env.putAll(serviceLinks(service, "10.0.0.1"));
        }
        env.putAll(serviceLinks("agent-admin", "fd00:10:96::a"));
        env.put("AGENT_DEPENDENCIES_QUEUE_INTERVAL", "5s"); // a real setting by env stays one
        Map<String, String> files = Map.of(
                "agent.dependencies.queue.type", "nats", "agent.dependencies.queue.url", "nats://127.0.0.1:4222",
                "agent.dependencies.queue.mirrors.ORDERS", "ORDERS_MIRROR");

        SmallRyeConfig filtered = config(env, files, true);
        AgentConfig agent = filtered.getConfigMapping(AgentConfig.class);
        assertThat(agent.dependencies()).containsOnlyKeys("queue");
        assertThat(agent.dependencies().get("queue").mirrors()).containsExactly(Map.entry("ORDERS", "ORDERS_MIRROR"));
        assertThat(agent.dependencies().get("queue").interval()).hasSeconds(5);
        assertThat(agent.clusterChecks().checks()).isEmpty();
        assertThat(agent.failover().rules()).doesNotContainKey("odd");
        assertThat(filtered.getPropertyNames()).noneMatch(n -> n.toUpperCase().replaceAll("[^A-Z0-9]", "_").endsWith("_SERVICE_HOST"));

        // The same environment read without the filter: what the agent would make of it.
        AgentConfig unfiltered = config(env, files, false).getConfigMapping(AgentConfig.class);
        assertThat(unfiltered.clusterChecks().checks()).isNotEmpty();
        assertThat(unfiltered.dependencies().get("queue").mirrors()).hasSizeGreaterThan(1);
    }

    private static SmallRyeConfig config(Map<String, String> env, Map<String, String> files, boolean filter) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withMapping(AgentConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new EnvConfigSource(env, 300))
                .withSources(new PropertiesConfigSource(files, "files", 250));
        if (filter) {
            builder.withInterceptors(new ServiceLinkFilter(env));
        }
        return builder.build();
    }

    @Test
    void withoutServiceLinksNothingIsHidden() {
        ServiceLinkFilter none = new ServiceLinkFilter(Map.of("AGENT_DEPENDENCIES_API_URL", "http://10.0.0.1:80"));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(Map.of("AGENT_DEPENDENCIES_API_URL", "http://10.0.0.1:80"), 300))
                .withInterceptors(none).build();
        assertThat(config.getOptionalValue("agent.dependencies.api.url", String.class)).isEqualTo(Optional.of("http://10.0.0.1:80"));
    }
}
