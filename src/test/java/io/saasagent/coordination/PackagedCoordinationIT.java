package io.saasagent.coordination;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.saasagent.failover.FailoverAgentConfig;
import io.saasagent.probe.OpenMeterApi;
import io.saasagent.testing.Await;
import io.saasagent.testing.FreePorts;
import io.saasagent.testing.RunningAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged agent (in CI: the native executable) coordinating through the fabric8 mock API server: it wins the
 * Lease with fabric8's leader elector, writes its verdict on its pod, and when its critical redis is down, asks
 * its peers for a quorum and records the decision (refused: no peer agrees) as an Event. The fabric8 model classes are read and written by Jackson by reflection: the
 * native image must have registered every one this path uses.
 */
@Timeout(180)
class PackagedCoordinationIT {
    @Test
    void winsTheLeaseWritesItsVerdictAndRecordsDecisionsAsEvents() throws Exception {
        WireMockServer dr = OpenMeterApi.server();
        dr.stubFor(get(urlPathEqualTo("/dr/health")).willReturn(aResponse().withStatus(200).withBody("ok")));
        try (MockApi api = new MockApi()) {
            api.createPod("agent-0", true);
            api.createPod("agent-1", true);
            Map<String, String> p = FailoverAgentConfig.properties("dry-run", "redis://127.0.0.1:" + FreePorts.next(), "http",
                    dr.baseUrl() + "/dr/health");
            // redis is down from the start: the policy fires after three failures and asks the peers for a quorum.
            p.put("agent.dependencies.redis.interval", "200ms");
            p.put("agent.dependencies.redis.timeout", "150ms");
            p.put("agent.coordination.mode", "kubernetes");
            p.put("quarkus.kubernetes-client.api-server-url", "http://127.0.0.1:" + api.port());
            p.put("quarkus.kubernetes-client.namespace", MockApi.NAMESPACE);
            p.put("agent.coordination.pod-name", "agent-0");
            p.put("agent.coordination.lease-duration", "2s");
            p.put("agent.coordination.renew-deadline", "1500ms");
            p.put("agent.coordination.retry-period", "200ms");
            p.put("agent.coordination.candidate-retry-period", "300ms");
            try (RunningAgent agent = RunningAgent.start(p)) {
                Await.until(Duration.ofSeconds(30), "agent-0 leads", () -> agent.body("/metrics").contains("saas_leader 1.0"));
                Lease lease = api.admin().leases().inNamespace(MockApi.NAMESPACE).withName("saas-agent-failover").get();
                assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("agent-0");
                Await.until(Duration.ofSeconds(30), "its verdict on its pod", () -> api.verdictOf("agent-0").isPresent());

                List<Event> events = Await.value(Duration.ofSeconds(30), "an Event on agent-0", () -> {
                    List<Event> e = api.eventsOn("agent-0");
                    return e.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(e);
                });
                assertThat(events.get(0).getReason()).isNotBlank();
            }
        } finally {
            dr.stop();
        }
    }
}
