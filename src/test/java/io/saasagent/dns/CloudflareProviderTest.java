package io.saasagent.dns;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.saasagent.config.TestConfigs;
import io.saasagent.support.Retrier;
import io.saasagent.testing.MutableClock;
import io.saasagent.testing.RecordingSleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cloudflare provider against WireMock answering in Cloudflare's v4 envelopes, error envelope included. */
@Timeout(30)
class CloudflareProviderTest {
    static final String ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
    static final String RECORD = "372e67954025e0ba6aaa6d586b9e0b59";
    static final String RECORD_PATH = "/client/v4/zones/" + ZONE + "/dns_records/" + RECORD;
    static final String LIST_PATH = "/client/v4/zones/" + ZONE + "/dns_records";
    private static final String NAME = "api.example.test.";
    private static final String PRIMARY = "192.0.2.10";
    private static final String DR = "198.51.100.10";
    static final String TOKEN = "cf-canary-token-Yq3xW9vB2nL7kP0s";

    private WireMockServer server;
    private MutableClock clock;
    private RecordingSleeper sleeper;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        clock = new MutableClock();
        sleeper = new RecordingSleeper(clock);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Map<String, String> config(boolean withRecordId) {
        return config(server, withRecordId);
    }

    /** agent.failover.* for a cloudflare provider talking to this WireMock server (also used by CloudflareSwapTest). */
    static Map<String, String> config(WireMockServer server, boolean withRecordId) {
        Map<String, String> p = new HashMap<>();
        p.put("agent.failover.provider", "cloudflare");
        p.put("agent.failover.cloudflare.api-url", "http://127.0.0.1:" + server.port() + "/client/v4");
        p.put("agent.failover.cloudflare.zone-id", ZONE);
        p.put("agent.failover.cloudflare.api-token", TOKEN);
        if (withRecordId) {
            p.put("agent.failover.cloudflare.record-id", RECORD);
        }
        return p;
    }

    private CloudflareProvider provider(Map<String, String> properties) {
        return CloudflareProvider.create(TestConfigs.agent(properties).failover(), clock, sleeper);
    }

    private DnsActuator actuator(CloudflareProvider provider) {
        return new DnsActuator(provider, "saas-agent", false);
    }

    // ---- Cloudflare's shapes ------------------------------------------------------------------

    static String record(String id, String name, String type, String content, long ttl) {
        return """
                {"id":"%s","zone_id":"%s","zone_name":"example.test","name":"%s","type":"%s","content":%s,
                 "proxiable":true,"proxied":false,"ttl":%d,"locked":false,
                 "meta":{"auto_added":false,"managed_by_apps":false,"managed_by_argo_tunnel":false},
                 "comment":null,"tags":[],"created_on":"2024-03-04T10:11:12.345678Z","modified_on":"2024-03-04T10:11:12.345678Z"}"""
                .formatted(id, ZONE, name, type, quoted(content), ttl);
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\"", "\\\"") + "\"";
    }

    static String ok(String result) {
        return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" + result + "}";
    }

    static String okList(String... records) {
        return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[" + String.join(",", records) + "],"
                + "\"result_info\":{\"page\":1,\"per_page\":100,\"count\":" + records.length + ",\"total_count\":"
                + records.length + ",\"total_pages\":1}}";
    }

    static String failure(int code, String message) {
        return "{\"success\":false,\"errors\":[{\"code\":" + code + ",\"message\":\"" + message + "\"}],\"messages\":[],\"result\":null}";
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static MappingBuilder list(String type) {
        return get(urlPathEqualTo(LIST_PATH)).withQueryParam("type", equalTo(type)).withQueryParam("name", equalTo("api.example.test"));
    }

    private void noTxt() {
        server.stubFor(list("TXT").willReturn(json(200, okList())));
    }

    private void recordMovesOnPatch() {
        recordMovesOnPatch(server);
    }

    /** The record answers the primary until it is patched, then the DR address (also used by PackagedDnsProvidersIT). */
    static void recordMovesOnPatch(WireMockServer server) {
        server.stubFor(get(urlPathEqualTo(RECORD_PATH)).inScenario("rec").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, ok(record(RECORD, "api.example.test", "A", PRIMARY, 60)))));
        server.stubFor(patch(urlPathEqualTo(RECORD_PATH)).inScenario("rec").willSetStateTo("patched")
                .willReturn(json(200, ok(record(RECORD, "api.example.test", "A", DR, 60)))));
        server.stubFor(get(urlPathEqualTo(RECORD_PATH)).inScenario("rec").whenScenarioStateIs("patched")
                .willReturn(json(200, ok(record(RECORD, "api.example.test", "A", DR, 60)))));
    }

    private List<LoggedRequest> patches() {
        return server.findAll(patchRequestedFor(urlPathEqualTo(RECORD_PATH)));
    }

    // ---- tests --------------------------------------------------------------------------------

    @Test
    void patchesTheRecordWithTheTokenAndVerifiesByReadingBack() throws Exception {
        recordMovesOnPatch();
        noTxt();
        CloudflareProvider provider = provider(config(true));

        DnsChange result = actuator(provider).pointTo(NAME, "A", DR, 60);

        assertThat(result.outcome()).isEqualTo(DnsChange.Outcome.WRITTEN);
        assertThat(result.verified()).isTrue();
        assertThat(result.before().values()).containsExactly(PRIMARY);
        assertThat(result.changeId()).startsWith(RECORD + "@2024-03-04");
        assertThat(patches()).singleElement().satisfies(p -> {
            assertThat(p.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(p.getHeader("Content-Type")).isEqualTo("application/json");
        });
        server.verify(patchRequestedFor(urlPathEqualTo(RECORD_PATH))
                .withRequestBody(equalToJson("{\"content\":\"" + DR + "\",\"ttl\":60}")));
    }

    @Test
    void aProxiedRecordVerifiesOnContentAndStaysProxied() throws Exception {
        String proxiedPrimary = record(RECORD, "api.example.test", "A", PRIMARY, 1).replace("\"proxied\":false", "\"proxied\":true");
        String proxiedDr = record(RECORD, "api.example.test", "A", DR, 1).replace("\"proxied\":false", "\"proxied\":true");
        server.stubFor(get(urlPathEqualTo(RECORD_PATH)).inScenario("px").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, ok(proxiedPrimary))));
        server.stubFor(patch(urlPathEqualTo(RECORD_PATH)).inScenario("px").willSetStateTo("patched").willReturn(json(200, ok(proxiedDr))));
        server.stubFor(get(urlPathEqualTo(RECORD_PATH)).inScenario("px").whenScenarioStateIs("patched").willReturn(json(200, ok(proxiedDr))));
        noTxt();

        DnsChange result = actuator(provider(config(true))).pointTo(NAME, "A", DR, 60);

        assertThat(result.outcome()).isEqualTo(DnsChange.Outcome.WRITTEN);
        assertThat(result.verified()).as("ttl 1 is automatic: content decides").isTrue();
        assertThat(result.warnings()).isEmpty();
        server.verify(patchRequestedFor(urlPathEqualTo(RECORD_PATH))
                .withRequestBody(equalToJson("{\"content\":\"" + DR + "\",\"proxied\":true}")));
        assertThat(actuator(provider(config(true))).pointTo(NAME, "A", DR, 60).outcome())
                .as("a second failover finds it already there").isEqualTo(DnsChange.Outcome.UNCHANGED);
    }

    @Test
    void rateLimitIsRetriedAfterTheServersRetryAfterThenSucceeds() throws Exception {
        server.stubFor(get(urlPathEqualTo(RECORD_PATH)).willReturn(json(200, ok(record(RECORD, "api.example.test", "A", PRIMARY, 60)))));
        server.stubFor(patch(urlPathEqualTo(RECORD_PATH)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
                .willReturn(json(429, failure(971, "Please wait and consider throttling your request speed")).withHeader("Retry-After", "7")));
        server.stubFor(patch(urlPathEqualTo(RECORD_PATH)).inScenario("limit").whenScenarioStateIs("ok")
                .willReturn(json(200, ok(record(RECORD, "api.example.test", "A", DR, 60)))));
        CloudflareProvider provider = provider(config(true));
        DnsActuator a = new DnsActuator(provider, null, false, DnsFence.NONE, new Retrier(provider.writePolicy(), sleeper));

        a.submit(DnsRecord.simple(NAME, "A", DR, 60));

        assertThat(patches()).hasSize(2);
        assertThat(a.retries()).isEqualTo(1);
        assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void serverErrorsAreRetriedWithBackoffAndGiveUpBounded() {
        server.stubFor(get(urlPathEqualTo(RECORD_PATH)).willReturn(json(200, ok(record(RECORD, "api.example.test", "A", PRIMARY, 60)))));
        server.stubFor(patch(urlPathEqualTo(RECORD_PATH)).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html").withBody("<html><body>502 Bad Gateway</body></html>")));
        Map<String, String> p = config(true);
        p.put("agent.failover.cloudflare.max-attempts", "3");
        CloudflareProvider provider = provider(p);
        DnsActuator a = new DnsActuator(provider, null, false, DnsFence.NONE, new Retrier(provider.writePolicy(), sleeper));

        assertThatThrownBy(() -> a.submit(DnsRecord.simple(NAME, "A", DR, 60)))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("HTTP 502").hasMessageContaining("gave up after 3 attempts");
        assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void anAuthenticationErrorIsUnauthorizedWithoutRetryOrToken() {
        server.stubFor(get(urlPathEqualTo(RECORD_PATH)).willReturn(json(403, failure(10000, "Authentication error"))));
        CloudflareProvider provider = provider(config(true));

        assertThatThrownBy(() -> provider.read(NAME, "A"))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("unauthorized").hasMessageContaining("10000 Authentication error")
                .hasMessageContaining("agent.failover.cloudflare.api-token")
                .hasMessageNotContaining(TOKEN);
        assertThat(server.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
        assertThat(provider.retries()).isZero();
    }

    @Test
    void aMalformedAuthorizationHeaderErrorChainIsUnauthorizedToo() {
        server.stubFor(get(urlPathEqualTo(RECORD_PATH)).willReturn(json(400, "{\"success\":false,\"errors\":[{\"code\":6003,"
                + "\"message\":\"Invalid request headers\",\"error_chain\":[{\"code\":6111,\"message\":\"Invalid format for Authorization header\"}]}],"
                + "\"messages\":[],\"result\":null}")));
        assertThatThrownBy(() -> provider(config(true)).read(NAME, "A"))
                .hasMessageContaining("unauthorized").hasMessageContaining("6111 Invalid format for Authorization header");
    }

    @Test
    void aRecordOwnedByAnotherExternalDnsIsRefusedWithoutAPatch() throws Exception {
        recordMovesOnPatch();
        server.stubFor(list("TXT").willReturn(json(200, okList(record("7a1b", "api.example.test", "TXT",
                "\"heritage=external-dns,external-dns/owner=cluster-eu,external-dns/resource=ingress/default/api\"", 300)))));

        DnsChange result = actuator(provider(config(true))).pointTo(NAME, "A", DR, 60);

        assertThat(result.outcome()).isEqualTo(DnsChange.Outcome.REFUSED_OWNERSHIP);
        assertThat(result.warnings()).singleElement().asString().contains("owner=cluster-eu");
        assertThat(patches()).isEmpty();
    }

    @Test
    void aRecordAlreadyAtTheTargetIsNotPatched() throws Exception {
        server.stubFor(get(urlPathEqualTo(RECORD_PATH)).willReturn(json(200, ok(record(RECORD, "api.example.test", "A", DR, 60)))));
        noTxt();

        DnsChange result = actuator(provider(config(true))).pointTo(NAME, "A", DR, 60);

        assertThat(result.outcome()).isEqualTo(DnsChange.Outcome.UNCHANGED);
        assertThat(patches()).isEmpty();
    }

    @Test
    void aPatchTheReadBackDoesNotShowIsNotVerified() throws Exception {
        server.stubFor(get(urlPathEqualTo(RECORD_PATH)).willReturn(json(200, ok(record(RECORD, "api.example.test", "A", PRIMARY, 60)))));
        server.stubFor(patch(urlPathEqualTo(RECORD_PATH)).willReturn(json(200, ok(record(RECORD, "api.example.test", "A", DR, 60)))));
        noTxt();

        DnsChange result = actuator(provider(config(true))).pointTo(NAME, "A", DR, 60);

        assertThat(result.outcome()).isEqualTo(DnsChange.Outcome.WRITTEN);
        assertThat(patches()).hasSize(1);
        assertThat(result.after().values()).containsExactly(PRIMARY);
        assertThat(result.verified()).isFalse();
    }

    @Test
    void withoutARecordIdTheRecordIsFoundByNameAndType() throws Exception {
        String id = "9f1e2d3c4b5a69788796a5b4c3d2e1f0";
        server.stubFor(list("A").willReturn(json(200, okList(record(id, "api.example.test", "A", PRIMARY, 1)))));
        server.stubFor(patch(urlPathEqualTo(LIST_PATH + "/" + id)).willReturn(json(200, ok(record(id, "api.example.test", "A", DR, 60)))));
        noTxt();

        DnsChange result = actuator(provider(config(false))).pointTo(NAME, "A", DR, 60);

        // TTL 1 is Cloudflare's "automatic": reported as such (it compares on content), no TTL warning, rewritten to 60.
        assertThat(result.before().ttl()).isEqualTo(DnsRecord.AUTOMATIC_TTL);
        assertThat(result.warnings()).isEmpty();
        server.verify(patchRequestedFor(urlPathEqualTo(LIST_PATH + "/" + id)).withRequestBody(equalToJson("{\"content\":\"" + DR + "\",\"ttl\":60}")));
    }

    @Test
    void severalRecordsWithoutARecordIdAreAClearError() {
        server.stubFor(list("A").willReturn(json(200, okList(record("a1", "api.example.test", "A", PRIMARY, 60),
                record("a2", "api.example.test", "A", "192.0.2.11", 60)))));
        assertThatThrownBy(() -> provider(config(false)).write(DnsRecord.simple(NAME, "A", DR, 60)))
                .hasMessageContaining("2 A records named api.example.test.").hasMessageContaining("record-id");
    }

    @Test
    void aRecordIdNamingAnotherRecordIsAClearError() {
        server.stubFor(get(urlPathEqualTo(RECORD_PATH)).willReturn(json(200, ok(record(RECORD, "www.example.test", "CNAME", "x.example.test", 60)))));
        assertThatThrownBy(() -> provider(config(true)).read(NAME, "A"))
                .hasMessageContaining("record-id " + RECORD + " is www.example.test CNAME, not api.example.test. A");
    }

    @Test
    void anAnswerThatIsNotAnEnvelopeIsMalformed() {
        server.stubFor(get(urlPathEqualTo(RECORD_PATH)).willReturn(aResponse().withStatus(200).withBody("<html>captive portal</html>")));
        assertThatThrownBy(() -> provider(config(true)).read(NAME, "A"))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("malformed answer (HTTP 200)").hasMessageContaining("captive portal");
    }

    @Test
    void aMissingRecordIsTheApisOwnError() {
        server.stubFor(get(urlPathEqualTo(RECORD_PATH)).willReturn(json(404, failure(81044, "Record does not exist."))));
        assertThatThrownBy(() -> provider(config(true)).read(NAME, "A")).hasMessage("cloudflare: HTTP 404, 81044 Record does not exist.");
    }
}
