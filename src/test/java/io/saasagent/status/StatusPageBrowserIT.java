package io.saasagent.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.saasagent.failover.FailoverAgentConfig;
import io.saasagent.probe.http.OpenMeterApi;
import io.saasagent.statuspage.StatuspageApi;
import io.saasagent.testing.Await;
import io.saasagent.testing.Chromium;
import io.saasagent.testing.PrivateBind;
import io.saasagent.testing.PrivateRedis;
import io.saasagent.testing.RunningAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged agent (in CI: the native executable too) and its /status page in Debian's headless Chromium, in
 * three states: all healthy; Redis killed (the failover disarmed, so the page is caught before anything moves);
 * failed over on a real BIND (active mode, RFC 2136) once armed again. In each the DOM, after the page's own
 * script ran under its Content-Security-Policy, shows every dependency with its status, the console reports no
 * CSP violation, and a canary password in a dependency's URL is nowhere on the page. The screenshots go to
 * target/status-page/ (the README's are copies: docs/images/). Statuspage, on WireMock, answers the first
 * incident with a 500: the failover does not wait for it, and the retry opens the incident.
 */
@Timeout(150)
class StatusPageBrowserIT {
    private static final String CANARY = "Zq8canary" + UUID.randomUUID().toString().substring(0, 6);
    private static final String TOKEN = "admin-" + UUID.randomUUID();
    private static final Path SHOTS = Path.of("target/status-page");
    private static final List<String> DEPENDENCIES = List.of("redis", "api", "dr-api", "queue");
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 1200;

    private WireMockServer server;

    @BeforeEach
    void start() {
        Chromium.executable(); // fails loudly, before anything starts, when chromium is missing
        server = OpenMeterApi.server();
        server.stubFor(get(urlPathEqualTo("/dr/health")).willReturn(aResponse().withStatus(200).withBody("ok")));
        server.stubFor(get(urlPathEqualTo("/api/healthz")).willReturn(aResponse().withStatus(200).withBody("{\"ok\":true}")));
        server.stubFor(post(urlPathEqualTo(StatuspageApi.INCIDENTS)).inScenario("statuspage").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("recovered").willReturn(StatuspageApi.error(500, "Internal Server Error")));
        server.stubFor(post(urlPathEqualTo(StatuspageApi.INCIDENTS)).inScenario("statuspage").whenScenarioStateIs("recovered")
                .willReturn(StatuspageApi.incident(201, "identified")));
        server.stubFor(patch(urlPathEqualTo(StatuspageApi.INCIDENTS + "/" + StatuspageApi.INCIDENT))
                .willReturn(StatuspageApi.incident(200, "monitoring")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void theStatusPageInChromiumHealthyWithRedisKilledAndFailedOverOnBind() throws Exception {
        StatuspageApi statuspage = new StatuspageApi(server);
        try (PrivateRedis redis = new PrivateRedis().start(); PrivateBind bind = new PrivateBind().start()) {
            Map<String, String> p = FailoverAgentConfig.properties("active", redis.url(), "http", server.baseUrl() + "/dr/health");
            p.put("agent.dependencies.redis.interval", "200ms");
            p.put("agent.dependencies.redis.timeout", "150ms");
            p.put("agent.dependencies.dr-api.interval", "200ms");
            p.put("agent.dependencies.api.type", "http");
            p.put("agent.dependencies.api.url", "http://meter:" + CANARY + "@127.0.0.1:" + server.port() + "/api/healthz");
            p.put("agent.dependencies.api.interval", "500ms");
            p.put("agent.dependencies.queue.type", "nats");
            p.put("agent.dependencies.queue.url", "nats://127.0.0.1:4222");
            p.put("agent.failover.provider", "rfc2136");
            p.put("agent.failover.rfc2136.server", bind.server());
            p.put("agent.failover.rfc2136.zone", bind.zone());
            p.put("agent.failover.rfc2136.tsig-key-name", PrivateBind.KEY);
            p.put("agent.failover.rfc2136.tsig-secret", bind.secret());
            p.put("agent.admin.token", TOKEN);
            p.put("agent.statuspage.page-id", StatuspageApi.PAGE);
            p.put("agent.statuspage.api-key", "sp-" + CANARY);
            p.put("agent.statuspage.component-id", StatuspageApi.COMPONENT);
            p.put("agent.statuspage.api-url", statuspage.apiUrl());
            p.put("agent.notify.retry-backoff", "200ms");
            try (RunningAgent agent = RunningAgent.start(p)) {
                String url = "http://127.0.0.1:" + agent.port() + "/status";

                Await.until(Duration.ofSeconds(30), "every dependency healthy", () -> DEPENDENCIES.stream()
                        .allMatch(d -> "healthy".equals(agent.json("/health/saas").path(d).path("status").asText())));
                String healthy = render(agent, url, "healthy");
                assertThat(overall(healthy)).startsWith("200: all 4 dependencies healthy");
                DEPENDENCIES.forEach(d -> assertThat(statusOf(healthy, d)).as(d).isEqualTo("healthy"));
                assertThat(healthy).contains("id=\"failover-state\" class=\"chip ok\">armed<");

                assertThat(agent.post("/failover/disarm", TOKEN)).isEqualTo(200);
                redis.kill();
                Await.until(Duration.ofSeconds(30), "redis down", () ->
                        agent.json("/health/saas").path("redis").path("status").asText().matches("unhealthy|circuit_open"));
                String down = render(agent, url, "redis-down");
                assertThat(overall(down)).matches("503: redis (unhealthy|circuit open) \\(outage\\) for .*");
                assertThat(statusOf(down, "redis")).matches("unhealthy|circuit_open");
                List.of("api", "dr-api", "queue").forEach(d -> assertThat(statusOf(down, d)).as(d).isEqualTo("healthy"));
                assertThat(down).contains(">disarmed<").contains("connection refused");

                assertThat(agent.post("/failover/arm", TOKEN)).isEqualTo(200);
                Await.until(Duration.ofSeconds(30), "failed over, DR healthy behind the record", () ->
                        "failed_over".equals(agent.json("/failover").path("state").asText())
                                && !agent.json("/failover").path("incident").path("dr_healthy").isNull());
                assertThat(bind.a(FailoverAgentConfig.RECORD)).containsExactly(FailoverAgentConfig.DR);
                Await.until(Duration.ofSeconds(30), "Statuspage told (after one 500)", () -> !statuspage.updates().isEmpty());
                Await.until(Duration.ofSeconds(30), "the link in the fleet's record", () ->
                        "monitoring".equals(agent.json("/failover").path("public_incident").path("status").asText()));
                String failedOver = render(agent, url, "failed-over");
                assertThat(failedOver).contains("Statuspage incident " + StatuspageApi.INCIDENT + " (monitoring)");
                assertThat(failedOver).contains("id=\"failover-state\" class=\"chip bad\">failed_over<");
                assertThat(statusOf(failedOver, "redis")).matches("unhealthy|circuit_open");
                assertThat(failedOver).contains("id=\"timeline\"").contains("FailoverFired").contains("DnsWritten").contains("PASS");

                assertThat(statuspage.creates()).as("one 500, then the incident").hasSize(2);
                assertThat(StatuspageApi.incidentOf(statuspage.updates().get(0)).path("status").asText()).isEqualTo("monitoring");
                assertThat(agent.json("/failover").path("public_incident").path("id").asText()).isEqualTo(StatuspageApi.INCIDENT);
                assertThat(agent.log()).doesNotContain(CANARY).doesNotContain(bind.secret());
            }
        }
    }

    /** The page as Chromium leaves it (script run), checked for what every state must show; its screenshot written. */
    private static String render(RunningAgent agent, String url, String name) throws Exception {
        String raw = agent.body("/status");
        assertThat(raw).doesNotContain(CANARY);
        Chromium.Run dom = Chromium.render(url, SHOTS.resolve("status-" + name + ".png"), WIDTH, HEIGHT);
        assertThat(dom.cspViolations()).as("CSP violations in " + name).isEmpty();
        String html = dom.stdout();
        assertThat(html).as("the page's script ran under its CSP").contains("data-js=\"on\"");
        assertThat(html).doesNotContain(CANARY);
        DEPENDENCIES.forEach(d -> assertThat(html).as(d + " on the page").contains("id=\"dep-" + d + "\""));
        return html;
    }

    private static String overall(String html) {
        Matcher m = Pattern.compile("<h1 id=\"overall\" class=\"[a-z]+\">([^<]*)</h1>").matcher(html);
        assertThat(m.find()).as("the overall line").isTrue();
        return m.group(1);
    }

    private static String statusOf(String html, String dependency) {
        Matcher m = Pattern.compile("<tr id=\"dep-" + Pattern.quote(dependency) + "\" class=\"dependency\" data-status=\"([a-z_]+)\">").matcher(html);
        assertThat(m.find()).as(dependency + " row").isTrue();
        return m.group(1);
    }
}
