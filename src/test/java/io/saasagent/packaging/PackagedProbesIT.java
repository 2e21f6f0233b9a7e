package io.saasagent.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.Mirror;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.saasagent.probe.http.OpenMeterApi;
import io.saasagent.testing.Await;
import io.saasagent.testing.FreePorts;
import io.saasagent.testing.RunningAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged agent (in CI: the native executable) probing real servers through every probe type: nats with
 * JetStream and a mirror pair, redis and postgres on the machine's servers, openmeter and http on WireMock, http
 * over TLS trusting only a CA file, tcp; a dependency whose URL carries a password fails, and the password shows
 * up nowhere. {@code /health/saas} and {@code /metrics} answer what the SPEC says. A path that works on the JVM
 * and breaks in the native image (reflection, class initialization, TLS) fails here.
 */
@Timeout(180)
class PackagedProbesIT {
    private static final String CANARY_PASSWORD = "canary-pw-" + UUID.randomUUID();
    private static final String OPENMETER_KEY = "om-key-" + UUID.randomUUID();
    private static final List<String> HEALTHY = List.of("nats", "redis", "postgres", "openmeter", "api", "api-tls", "redis-port");

    @Test
    void everyProbeTypeIsHealthyEverySpecSeriesIsExportedAndNoSecretLeaks() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String origin = "E2E_" + id;
        String mirror = origin + "_MIRROR";
        Path tls = Files.createTempDirectory("agent-tls");
        SelfSignedCertificate certificate = SelfSignedCertificate.forLoopback(tls);
        WireMockServer plain = OpenMeterApi.server();
        WireMockServer https = new WireMockServer(options().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1")
                .keystorePath(certificate.keystore().toString()).keystorePassword(SelfSignedCertificate.PASSWORD)
                .keyManagerPassword(SelfSignedCertificate.PASSWORD).keystoreType("PKCS12").jettyStopTimeout(500L));
        https.start();
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name(origin).subjects(origin + ".>").storageType(StorageType.Memory).build());
            jsm.addStream(StreamConfiguration.builder().name(mirror).storageType(StorageType.Memory)
                    .mirror(Mirror.builder().sourceName(origin).build()).build());
            OpenMeterApi.meters(plain, OPENMETER_KEY, OpenMeterApi.ok());
            plain.stubFor(get(urlPathEqualTo("/healthz")).willReturn(aResponse().withStatus(200).withBody("ok")));
            https.stubFor(get(urlPathEqualTo("/healthz")).willReturn(aResponse().withStatus(200).withBody("ok")));

            Map<String, String> p = new LinkedHashMap<>();
            dependency(p, "nats", "nats", "nats://127.0.0.1:4222");
            p.put("agent.dependencies.nats.mirrors." + origin, mirror);
            dependency(p, "redis", "redis", "redis://127.0.0.1:6379");
            dependency(p, "postgres", "postgres", "postgresql://postgres@127.0.0.1:5432/test");
            dependency(p, "openmeter", "openmeter", plain.baseUrl());
            p.put("agent.dependencies.openmeter.api-key", OPENMETER_KEY);
            dependency(p, "api", "http", plain.baseUrl() + "/healthz");
            dependency(p, "api-tls", "http", "https://127.0.0.1:" + https.httpsPort() + "/healthz");
            p.put("agent.dependencies.api-tls.tls-ca-file", certificate.pem().toString());
            // The http probe verifies the server with the process's trust store (the JDK's, in the image too).
            p.put("javax.net.ssl.trustStore", certificate.truststore().toString());
            p.put("javax.net.ssl.trustStorePassword", SelfSignedCertificate.PASSWORD);
            dependency(p, "redis-port", "tcp", "tcp://127.0.0.1:6379");
            dependency(p, "api-cert", "tls", "tls://127.0.0.1:" + https.httpsPort());
            p.put("agent.dependencies.api-cert.tls-ca-file", certificate.pem().toString());
            dependency(p, "broken", "postgres", "postgresql://agent:" + CANARY_PASSWORD + "@127.0.0.1:" + FreePorts.next() + "/x");
            p.put("agent.dependencies.broken.critical", "false");

            try (RunningAgent agent = RunningAgent.start(p)) {
                JsonNode health = awaitHealth(agent);
                assertThat(agent.status("/health/saas")).isEqualTo(200);
                assertThat(health.path("nats").path("details").path("mirrors").has(mirror)).as(health.toString()).isTrue();
                assertThat(health.path("redis").path("details").has("role")).as(health.toString()).isTrue();
                assertThat(health.path("broken").path("last_error").asText()).isNotEmpty();

                String metrics = agent.body("/metrics");
                for (String series : SpecMetrics.NAMES.stream().filter(n -> !SpecMetrics.CLUSTER.contains(n) && !SpecMetrics.REGION.contains(n)).toList()) {
                    assertThat(metrics).as(series).containsPattern("(?m)^" + series + "(_bucket|_count|_sum)?[{ ]");
                }
                assertThat(metrics).contains("saas_dependency_up{dependency=\"api-tls\",type=\"http\"} 1.0");
                assertThat(metrics).containsPattern("(?m)^saas_certificate_expiry_seconds\\{.*dependency=\"api-cert\".*\\} [0-9]");
                assertThat(health.path("api-cert").path("status").asText()).as(health.toString()).isIn("healthy", "degraded");

                for (String answer : List.of(agent.log(), health.toString(), metrics, agent.body("/failover"))) {
                    assertThat(answer).doesNotContain(CANARY_PASSWORD).doesNotContain(OPENMETER_KEY);
                }
            }
        } finally {
            plain.stop();
            https.stop();
            try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
                nats.jetStreamManagement().deleteStream(mirror);
                nats.jetStreamManagement().deleteStream(origin);
            }
        }
    }

    private static JsonNode awaitHealth(RunningAgent agent) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            return Await.value(Duration.ofSeconds(60), "every reachable dependency healthy, broken unhealthy", () -> {
                JsonNode h = agent.json("/health/saas");
                last.set(h);
                boolean done = HEALTHY.stream().allMatch(d -> "healthy".equals(h.path(d).path("status").asText()))
                        && List.of("unhealthy", "circuit_open").contains(h.path("broken").path("status").asText());
                return done ? Optional.of(h) : Optional.empty();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nlast /health/saas: " + last.get() + "\n" + agent.log(), e);
        }
    }

    private static void dependency(Map<String, String> p, String name, String type, String url) {
        p.put("agent.dependencies." + name + ".type", type);
        p.put("agent.dependencies." + name + ".url", url);
        p.put("agent.dependencies." + name + ".critical", "true");
        p.put("agent.dependencies." + name + ".interval", "1s");
        p.put("agent.dependencies." + name + ".timeout", "1s");
    }
}
