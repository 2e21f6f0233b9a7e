package io.saasagent.coordination;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.saasagent.testing.Await;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * agent.coordination.mode=kubernetes in the running application: the Quarkus-managed client (pointed at
 * the mock API server), the Kubernetes coordinator as the bean, the election started at start-up,
 * saas_leader following it, and the holder's cluster report reaching the fleet's record (the checks'
 * runner wired to the failover engine's share).
 */
@QuarkusTest
@TestProfile(KubernetesWiringTest.KubernetesMode.class)
@Timeout(60)
class KubernetesWiringTest {

    /**
     * The mock API server outlives the application under test: started once per JVM, before it. Quarkus
     * asks the profile from more than one class loader, so the port is shared as a system property.
     */
    public static class KubernetesMode implements QuarkusTestProfile {
        static final String PORT = "saas.test.kubernetes-wiring.port";

        static synchronized int port() {
            if (System.getProperty(PORT) == null) {
                MockApi api = new MockApi();
                api.createPod("agent-0", true);
                System.setProperty(PORT, Integer.toString(api.port()));
            }
            return Integer.parseInt(System.getProperty(PORT));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("agent.cluster-checks.interval", "1s"),
                    Map.entry("agent.cluster-checks.api-tls.kind", "certificate"),
                    Map.entry("agent.cluster-checks.api-tls.name", "api-tls"),
                    Map.entry("quarkus.kubernetes-client.api-server-url", "http://127.0.0.1:" + port()),
                    Map.entry("quarkus.kubernetes-client.namespace", MockApi.NAMESPACE),
                    Map.entry("agent.coordination.mode", "kubernetes"),
                    Map.entry("agent.coordination.pod-name", "agent-0"),
                    Map.entry("agent.coordination.lease-duration", "2s"),
                    Map.entry("agent.coordination.renew-deadline", "1500ms"),
                    Map.entry("agent.coordination.retry-period", "200ms"),
                    Map.entry("agent.coordination.candidate-retry-period", "300ms"));
        }
    }

    @Inject
    Coordinator coordinator;

    @Test
    void theKubernetesCoordinatorLeadsAndTheGaugeShowsIt() {
        assertThat(coordinator.summary()).containsEntry("mode", "kubernetes").containsEntry("identity", "agent-0")
                .containsEntry("namespace", MockApi.NAMESPACE);
        Await.until(Duration.ofSeconds(10), "agent-0 holds the lease", coordinator::isLeader);
        given().get("/metrics").then().statusCode(200).body(containsString("saas_leader 1.0"));
        try (KubernetesClient client = MockApi.connect(KubernetesMode.port())) {
            Await.until(Duration.ofSeconds(10), "its first verdict is on its pod", () -> MockApi.verdictOf(client, "agent-0").isPresent());
            Await.until(Duration.ofSeconds(10), "its cluster report in the fleet's record", () -> {
                ConfigMap record = client.configMaps().inNamespace(MockApi.NAMESPACE).withName("saas-agent-failover-record").get();
                String json = record == null || record.getData() == null ? "" : record.getData().getOrDefault("record.json", "");
                return json.contains("\"cluster\"") && json.contains("\"ran_by\":\"agent-0\"") && json.contains("\"api-tls\"");
            });
        }
    }
}
