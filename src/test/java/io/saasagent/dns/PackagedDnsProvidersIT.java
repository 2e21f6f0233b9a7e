package io.saasagent.dns;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.saasagent.failover.FailoverAgentConfig;
import io.saasagent.probe.http.OpenMeterApi;
import io.saasagent.testing.Await;
import io.saasagent.testing.PrivateBind;
import io.saasagent.testing.RunningAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.saasagent.dns.CloudflareProviderTest.json;
import static io.saasagent.dns.CloudflareProviderTest.okList;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged agent (in CI: the native executable) in active mode, failing over by an operator's trigger through
 * each DNS provider for real: RFC 2136 with TSIG to a private BIND, Route 53's REST-XML API (dns.Route53Http: SigV4 signing,
 * its XML writer and reader, the INSYNC poll) and Cloudflare's v4 API on WireMock; PagerDuty and Slack are told. What the native image
 * drops (reflection, resources, TLS/crypto providers) breaks one of these paths.
 */
@Timeout(180)
class PackagedDnsProvidersIT {
    private static final String NAME = FailoverAgentConfig.RECORD;
    private static final String PRIMARY = FailoverAgentConfig.PRIMARY;
    private static final String DR = FailoverAgentConfig.DR;
    private static final String TOKEN = "admin-" + UUID.randomUUID();
    private static final String CF_ZONE = CloudflareProviderTest.ZONE;
    private static final String CF_RECORD_PATH = CloudflareProviderTest.RECORD_PATH;
    private static final String SLACK_PATH = "/services/T0AGENT01/B0AGENT02/" + UUID.randomUUID();
    private static final String PD_PATH = "/v2/enqueue";

    private WireMockServer server;

    @BeforeEach
    void start() {
        server = OpenMeterApi.server();
        server.stubFor(get(urlPathEqualTo("/dr/health")).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** A critical redis (the machine's), the DR region's endpoint on WireMock, active mode, an operator token. */
    private Map<String, String> agent(String provider) {
        Map<String, String> p = FailoverAgentConfig.properties("active", "redis://127.0.0.1:6379", "http", server.baseUrl() + "/dr/health");
        p.put("agent.failover.provider", provider);
        p.put("agent.admin.token", TOKEN);
        return p;
    }

    private static void triggerAndAwaitFailedOver(RunningAgent agent) {
        Await.until(Duration.ofSeconds(30), "the DR endpoint healthy", () ->
                "healthy".equals(agent.json("/health/saas").path("dr-api").path("status").asText()));
        assertThat(agent.post("/failover/trigger", TOKEN)).as(agent.log()).isEqualTo(200);
        Await.until(Duration.ofSeconds(60), "failed_over", () -> "failed_over".equals(agent.json("/failover").path("state").asText()));
    }

    @Test
    void rfc2136WithTsigMovesTheRecordOnBindAndPagerDutyAndSlackAreTold() throws Exception {
        server.stubFor(post(urlPathEqualTo(PD_PATH)).willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"saas-agent/failover/api.example.test.\"}")));
        server.stubFor(post(urlPathEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("ok")));
        try (PrivateBind bind = new PrivateBind().start()) {
            Map<String, String> p = agent("rfc2136");
            p.put("agent.failover.rfc2136.server", bind.server());
            p.put("agent.failover.rfc2136.zone", bind.zone());
            p.put("agent.failover.rfc2136.tsig-key-name", PrivateBind.KEY);
            p.put("agent.failover.rfc2136.tsig-secret", bind.secret());
            p.put("agent.notify.pagerduty.url", server.baseUrl() + PD_PATH);
            p.put("agent.notify.pagerduty.routing-key", "R0123456789abcdef" + UUID.randomUUID().toString().replace("-", ""));
            p.put("agent.notify.slack.webhook-url", server.baseUrl() + SLACK_PATH);
            try (RunningAgent agent = RunningAgent.start(p)) {
                triggerAndAwaitFailedOver(agent);
                assertThat(bind.a(NAME)).containsExactly(DR);
                Await.until(Duration.ofSeconds(30), "PagerDuty and Slack told", () ->
                        !server.findAll(postRequestedFor(urlPathEqualTo(PD_PATH)).withRequestBody(containing("\"event_action\":\"trigger\""))).isEmpty()
                                && !server.findAll(postRequestedFor(urlPathEqualTo(SLACK_PATH))).isEmpty());
                assertThat(agent.log()).doesNotContain(bind.secret());
            }
        }
    }

    /**
     * A standby agent with Route 53's checkers as its witness (GetHealthCheckStatus through the SDK, the path the native
     * image must keep): the primary's endpoint dark and its heartbeat stale, 3 of 16 checkers still see the primary
     * (18.75 %, over Route 53's 18 %) and nothing moves; at 2 of 16 the standby takes over, record and heartbeat in one update.
     */
    @Test
    void aStandbyTakesOverOnlyWhenRoute53sCheckersAgreeThePrimaryIsGone() throws Exception {
        String healthCheck = "abcdef11-2222-3333-4444-555555fedcba";
        String statusPath = "/2013-04-01/healthcheck/" + healthCheck + "/status";
        String heartbeat = "_saas-agent." + NAME;
        server.stubFor(get(urlPathEqualTo("/primary/health")).willReturn(aResponse().withStatus(503)));
        server.stubFor(get(urlPathEqualTo(statusPath)).willReturn(Route53Api.xml(200, Route53Api.healthCheckStatus(3))));
        String secretKey = "wJalrXUtnFEMI/K7MDENG/" + UUID.randomUUID();
        try (PrivateBind bind = new PrivateBind().start()) {
            Rfc2136Provider zone = new Rfc2136Provider(bind.server(), bind.zone(), PrivateBind.KEY, "hmac-sha256", bind.secret(),
                    Duration.ofSeconds(2));
            zone.swap(RecordSwap.of(new RecordSwap.Change(null, DnsRecord.simple(heartbeat, "TXT", "owner=eu-west-1;epoch=3;ts=1", 60))));
            Map<String, String> p = agent("rfc2136");
            p.put("agent.failover.rfc2136.server", bind.server());
            p.put("agent.failover.rfc2136.zone", bind.zone());
            p.put("agent.failover.rfc2136.tsig-key-name", PrivateBind.KEY);
            p.put("agent.failover.rfc2136.tsig-secret", bind.secret());
            p.put("agent.failover.route53.endpoint", server.baseUrl());
            p.put("agent.failover.route53.access-key-id", "AKIAIOSFODNN7EXAMPLE");
            p.put("agent.failover.route53.secret-access-key", secretKey);
            p.put("agent.dependencies.primary-api.type", "http");
            p.put("agent.dependencies.primary-api.url", server.baseUrl() + "/primary/health");
            p.put("agent.dependencies.primary-api.interval", "250ms");
            p.put("agent.dependencies.redis.interval", "250ms");
            p.put("agent.dependencies.dr-api.interval", "250ms");
            p.put("agent.region.name", "eu-central-1");
            p.put("agent.region.role", "standby");
            p.put("agent.region.primary-dependency", "primary-api");
            p.put("agent.region.heartbeat-interval", "500ms");
            p.put("agent.region.fence-after", "2s");
            p.put("agent.region.takeover-after", "4s");
            p.put("agent.region.witness", "route53-health-check");
            p.put("agent.region.witness-health-check-id", healthCheck);
            p.put("agent.region.witness-interval", "1s");
            try (RunningAgent agent = RunningAgent.start(p)) {
                Await.until(Duration.ofSeconds(30), "the heartbeat stale past takeover-after, the witness read", () -> {
                    var region = agent.json("/failover").path("region");
                    return region.path("heartbeat").path("age_seconds").asDouble(0) > 6 && !region.path("witness").path("reading").isNull()
                            && !region.path("witness").path("reading").isMissingNode();
                });
                assertThat(bind.a(NAME)).as(agent.log()).containsExactly(PRIMARY);
                assertThat(agent.json("/failover").path("region").path("witness").path("reading").asText()).contains("3");
                long serial = bind.serial();

                server.stubFor(get(urlPathEqualTo(statusPath)).willReturn(Route53Api.xml(200, Route53Api.healthCheckStatus(2))));
                Await.until(Duration.ofSeconds(30), "the take-over", () -> bind.a(NAME).equals(List.of(DR)));
                assertThat(bind.txt(heartbeat)).containsExactly("owner=eu-central-1;epoch=4;ts=" + bind.txt(heartbeat).get(0).replaceAll(".*ts=", ""));
                assertThat(bind.serial()).isEqualTo(serial + 1);
                assertThat(server.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(statusPath)))
                        .get(0).getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/");
                assertThat(agent.log()).doesNotContain(secretKey).doesNotContain(bind.secret());
            }
        }
    }

    @Test
    void route53UpsertsThroughItsSignedRestClientAndWaitsForInsync() throws Exception {
        Route53Api api = new Route53Api(server);
        server.stubFor(Route53Api.listing("A").inScenario("record").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(Route53Api.xml(200, Route53Api.list(Route53Api.aRecord(NAME, 60, PRIMARY)))));
        server.stubFor(Route53Api.change().inScenario("record").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("changed")
                .willReturn(Route53Api.xml(200, Route53Api.changeInfo("ChangeResourceRecordSetsResponse", "PENDING"))));
        server.stubFor(Route53Api.listing("A").inScenario("record").whenScenarioStateIs("changed")
                .willReturn(Route53Api.xml(200, Route53Api.list(Route53Api.aRecord(NAME, 60, DR)))));
        server.stubFor(Route53Api.getChange().willReturn(Route53Api.xml(200, Route53Api.changeInfo("GetChangeResponse", "INSYNC"))));
        api.records("TXT");
        String secretKey = "wJalrXUtnFEMI/K7MDENG/" + UUID.randomUUID();
        Map<String, String> p = agent("route53");
        p.put("agent.failover.route53.hosted-zone-id", "/hostedzone/" + Route53Api.ZONE);
        p.put("agent.failover.route53.endpoint", server.baseUrl());
        p.put("agent.failover.route53.access-key-id", "AKIAIOSFODNN7EXAMPLE");
        p.put("agent.failover.route53.secret-access-key", secretKey);
        p.put("agent.failover.route53.insync-poll-interval", "100ms");
        try (RunningAgent agent = RunningAgent.start(p)) {
            triggerAndAwaitFailedOver(agent);
            assertThat(api.changeRequests()).hasSize(1);
            assertThat(api.changeRequests().get(0).getBodyAsString()).contains("<Action>UPSERT</Action>").contains("<Value>" + DR + "</Value>");
            assertThat(api.changeRequests().get(0).getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/");
            assertThat(api.getChangeCalls()).isPositive();
            assertThat(agent.log()).doesNotContain(secretKey);
        }
    }

    @Test
    void cloudflarePatchesTheRecordWithItsApiToken() throws Exception {
        String token = "cf-" + UUID.randomUUID();
        server.stubFor(get(urlPathEqualTo(CloudflareProviderTest.LIST_PATH)).withQueryParam("type", equalTo("TXT"))
                .willReturn(json(200, okList())));
        CloudflareProviderTest.recordMovesOnPatch(server);
        Map<String, String> p = agent("cloudflare");
        p.put("agent.failover.cloudflare.api-url", server.baseUrl() + "/client/v4");
        p.put("agent.failover.cloudflare.zone-id", CF_ZONE);
        p.put("agent.failover.cloudflare.record-id", CloudflareProviderTest.RECORD);
        p.put("agent.failover.cloudflare.api-token", token);
        try (RunningAgent agent = RunningAgent.start(p)) {
            triggerAndAwaitFailedOver(agent);
            List<?> patches = server.findAll(patchRequestedFor(urlPathEqualTo(CF_RECORD_PATH)).withHeader("Authorization", equalTo("Bearer " + token)));
            assertThat(patches).hasSize(1);
            assertThat(agent.log()).doesNotContain(token);
        }
    }
}
