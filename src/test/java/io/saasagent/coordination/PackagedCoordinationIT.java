package io.saasagent.coordination;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.saasagent.failover.FailoverAgentConfig;
import io.saasagent.probe.http.OpenMeterApi;
import io.saasagent.testing.Await;
import io.saasagent.testing.FreePorts;
import io.saasagent.testing.RunningAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged agent (in CI: the native executable) coordinating through the fabric8 mock API server: it wins the
 * Lease with fabric8's leader elector, writes its verdict on its pod, and when its critical redis is down, asks
 * its peers for a quorum and records the decision (refused: no peer agrees) as an Event. As the holder it runs the
 * cluster DR checks (an ExternalSecret and a backup CronJob read as generic resources), exports their series and
 * publishes its report in the fleet's failover record (a ConfigMap). The fabric8 model classes and the record's JSON
 * are read and written by Jackson by reflection: the native image must have registered every one this path uses.
 */
@Timeout(180)
class PackagedCoordinationIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> meta(String name) {
        return Map.of("name", name, "namespace", MockApi.NAMESPACE);
    }

    private static JsonNode health(RunningAgent agent) {
        try {
            return JSON.readTree(agent.body("/health/saas"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void create(MockApi api, String apiVersion, String kind, String plural, Map<String, Object> object) {
        GenericKubernetesResource r = JSON.convertValue(object, GenericKubernetesResource.class);
        r.setApiVersion(apiVersion);
        r.setKind(kind);
        String[] gv = apiVersion.split("/");
        ResourceDefinitionContext type = new ResourceDefinitionContext.Builder().withGroup(gv[0]).withVersion(gv[1])
                .withKind(kind).withPlural(plural).withNamespaced(true).build();
        api.admin().genericKubernetesResources(type).inNamespace(MockApi.NAMESPACE).resource(r).create();
    }

    @Test
    void winsTheLeaseWritesItsVerdictAndRecordsDecisionsAsEvents() throws Exception {
        WireMockServer dr = OpenMeterApi.server();
        dr.stubFor(get(urlPathEqualTo("/dr/health")).willReturn(aResponse().withStatus(200).withBody("ok")));
        try (MockApi api = new MockApi()) {
            api.createPod("agent-0", true);
            api.createPod("agent-1", true);
            Instant now = Instant.now();
            create(api, "external-secrets.io/v1beta1", "ExternalSecret", "externalsecrets", Map.of("metadata", meta("api-secrets"),
                    "spec", Map.of("refreshInterval", "1m"),
                    "status", Map.of("refreshTime", now.minusSeconds(60).toString(), "conditions",
                            List.of(Map.of("type", "Ready", "status", "True", "reason", "SecretSynced")))));
            create(api, "batch/v1", "CronJob", "cronjobs", Map.of("metadata", meta("nats-backup"),
                    "spec", Map.of("schedule", "0 2 * * *", "suspend", false),
                    "status", Map.of("lastSuccessfulTime", now.minus(Duration.ofHours(30)).toString())));
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
            p.put("agent.cluster-checks.interval", "1s");
            p.put("agent.cluster-checks.api-secrets.kind", "external-secret");
            p.put("agent.cluster-checks.api-secrets.name", "api-secrets");
            p.put("agent.cluster-checks.nats-backup.kind", "backup-cronjob");
            p.put("agent.cluster-checks.nats-backup.name", "nats-backup");
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

                // Cluster DR checks, run by the holder: a synced secret is healthy, a backup 30 h old is degraded.
                JsonNode checks = Await.value(Duration.ofSeconds(30), "cluster checks measured", () -> {
                    JsonNode c = health(agent).path("cluster").path("checks");
                    return c.path("nats-backup").path("status").asText().equals("unknown") || c.isMissingNode()
                            ? java.util.Optional.empty() : java.util.Optional.of(c);
                });
                assertThat(checks.path("api-secrets").path("status").asText()).as(checks.toString()).isEqualTo("healthy");
                assertThat(checks.path("nats-backup").path("status").asText()).as(checks.toString()).isEqualTo("degraded");
                String metrics = agent.body("/metrics");
                assertThat(metrics).contains("saas_cluster_check_status{check=\"nats-backup\",kind=\"backup-cronjob\",status=\"degraded\"} 1.0")
                        .containsPattern("(?m)^saas_cluster_check_age_seconds\\{check=\"api-secrets\".*\\} [0-9]")
                        .containsPattern("(?m)^saas_backup_success_ratio\\{");
                // ... and its report travels in the fleet's record, the ConfigMap beside the Lease.
                String record = Await.value(Duration.ofSeconds(30), "the cluster report in the failover record", () -> {
                    ConfigMap map = api.admin().configMaps().inNamespace(MockApi.NAMESPACE).withName("saas-agent-failover-record").get();
                    String data = map == null ? "" : String.join("", map.getData().values());
                    return data.contains("api-secrets") ? java.util.Optional.of(data) : java.util.Optional.empty();
                });
                assertThat(record).contains("\"state\"").contains("nats-backup");
            }
        } finally {
            dr.stop();
        }
    }
}
