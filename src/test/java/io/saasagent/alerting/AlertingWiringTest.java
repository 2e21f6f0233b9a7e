package io.saasagent.alerting;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.saasagent.config.AgentConfig;
import io.saasagent.dns.DnsProvider;
import io.saasagent.dns.DnsProviderFactory;
import io.saasagent.testing.Await;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** In the running agent: an Alert fired as a CDI event reaches the configured webhook; both HTTP DNS providers register. */
@QuarkusTest
@TestProfile(AlertingWiringTest.Profile.class)
@Timeout(60)
class AlertingWiringTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WebhookStub.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agent.failover.route53.hosted-zone-id", "Z0413573E2UGVTRX8JOB",
                    "agent.failover.route53.access-key-id", "AKIAIOSFODNN7EXAMPLE",
                    "agent.failover.route53.secret-access-key", "wiring-test-secret-key",
                    "agent.failover.cloudflare.zone-id", "023e105f4ecef8ad9ca31a8372d0c353",
                    "agent.failover.cloudflare.api-token", "wiring-test-token");
        }
    }

    /** A WireMock webhook on a free loopback port, configured as agent.notify.webhook.url. */
    public static class WebhookStub implements QuarkusTestResourceLifecycleManager {
        static WireMockServer server;

        @Override
        public Map<String, String> start() {
            server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            server.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
            return Map.of("agent.notify.webhook.url", "http://127.0.0.1:" + server.port() + "/hook");
        }

        @Override
        public void stop() {
            server.stop();
        }
    }

    @Inject
    Event<Alert> alerts;

    @Inject
    @Any
    Instance<DnsProviderFactory> factories;

    @Inject
    AgentConfig config;

    @Test
    void anAlertFiredAsACdiEventReachesTheWebhook() {
        alerts.fire(new Alert("mirror_lag/orders", "mirror_lag", "warning", true, "mirror lag 200 s",
                Map.of("lag_seconds", 200), Instant.parse("2024-05-14T09:21:37Z")));

        Await.until(Duration.ofSeconds(10), "the webhook received the alert",
                () -> !WebhookStub.server.findAll(postRequestedFor(urlPathEqualTo("/hook"))
                        .withRequestBody(matchingJsonPath("$.dedup_key", com.github.tomakehurst.wiremock.client.WireMock.equalTo("mirror_lag/orders")))).isEmpty());
    }

    @Test
    void route53AndCloudflareRegisterAsProviderFactoriesAndBuildFromConfig() {
        List<String> ids = factories.stream().map(DnsProviderFactory::id).toList();
        assertThat(ids).contains("route53", "cloudflare");
        for (DnsProviderFactory factory : factories) {
            if (List.of("route53", "cloudflare").contains(factory.id())) {
                try (DnsProvider provider = factory.create(config.failover())) {
                    assertThat(provider.id()).isEqualTo(factory.id());
                }
            }
        }
    }
}
