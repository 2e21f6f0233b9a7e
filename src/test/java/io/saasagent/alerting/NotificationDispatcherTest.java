package io.saasagent.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.saasagent.config.TestConfigs;
import io.saasagent.testing.Await;
import io.saasagent.testing.RecordingSleeper;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifiers against WireMock answering as PagerDuty (202 "Event processed"), Slack ("ok") and a
 * webhook do: request shapes, trigger/resolve under one dedup key, deduplication, retries, and that a
 * hung notifier never holds up the caller or the other notifiers.
 */
@Timeout(30)
class NotificationDispatcherTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PD_PATH = "/v2/enqueue";
    private static final String SLACK_PATH = "/services/T0AGENT01/B0AGENT02/slackCanarySecret9x";
    private static final String HOOK_PATH = "/hooks/saas-agent";
    private static final String ROUTING_KEY = "R0123456789abcdefcanary0123456789";
    private static final String HOOK_TOKEN = "hook-canary-token-4f9a";
    private static final Instant AT = Instant.parse("2024-05-14T09:21:37Z");

    private WireMockServer server;
    private RecordingSleeper sleeper;
    private NotificationDispatcher dispatcher;
    private final List<NotificationDispatcher> started = new ArrayList<>();
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logLines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage()
                    : record.getMessage() + " " + Arrays.toString(record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        sleeper = new RecordingSleeper(null);
        Logger.getLogger(NotificationChannel.class.getName()).addHandler(logCapture);
    }

    @AfterEach
    void stop() {
        started.forEach(d -> d.channels().forEach(NotificationChannel::close));
        server.stop();
        Logger.getLogger(NotificationChannel.class.getName()).removeHandler(logCapture);
    }

    private Map<String, String> allThree() {
        String base = "http://127.0.0.1:" + server.port();
        Map<String, String> p = new HashMap<>();
        p.put("agent.notify.pagerduty.url", base + PD_PATH);
        p.put("agent.notify.pagerduty.routing-key", ROUTING_KEY);
        p.put("agent.notify.slack.webhook-url", base + SLACK_PATH);
        p.put("agent.notify.webhook.url", base + HOOK_PATH);
        p.put("agent.notify.webhook.token", HOOK_TOKEN);
        p.put("agent.notify.source", "saas-api-7d9f-agent");
        return p;
    }

    private NotificationDispatcher dispatcher(Map<String, String> properties) {
        Clock clock = Clock.fixed(AT, ZoneOffset.UTC);
        dispatcher = new NotificationDispatcher(NotificationDispatcher.channels(TestConfigs.agent(properties), clock, sleeper), clock);
        started.add(dispatcher);
        return dispatcher;
    }

    private void answerAsTheRealServicesDo() {
        server.stubFor(post(urlPathEqualTo(PD_PATH)).willReturn(pagerDutyAccepted()));
        server.stubFor(post(urlPathEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("ok")));
        server.stubFor(post(urlPathEqualTo(HOOK_PATH)).willReturn(aResponse().withStatus(204)));
    }

    private static ResponseDefinitionBuilder pagerDutyAccepted() {
        return aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"health_check_failure/postgres\"}");
    }

    private static Alert alert(boolean firing) {
        return new Alert("health_check_failure/postgres", "health_check_failure", "critical", firing,
                firing ? "postgres failed 3 probes in a row: connection refused" : "postgres healthy again",
                Map.of("dependency", "postgres", "consecutive_failures", 3, "threshold", 3), AT);
    }

    private List<JsonNode> bodies(String path) {
        return server.findAll(postRequestedFor(urlPathEqualTo(path))).stream().map(r -> {
            try {
                return JSON.readTree(r.getBodyAsString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private int requests(String path) {
        return server.findAll(postRequestedFor(urlPathEqualTo(path))).size();
    }

    private NotificationChannel channel(String id) {
        return dispatcher.channels().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private void awaitDelivered(String id, long count) {
        Await.until(Duration.ofSeconds(10), id + " delivered " + count, () -> channel(id).delivered() + channel(id).failed() >= count);
    }

    @Test
    void pagerDutyTriggerThenResolveUnderOneDedupKey() throws Exception {
        answerAsTheRealServicesDo();
        NotificationDispatcher d = dispatcher(allThree());

        d.onAlert(alert(true));
        d.onAlert(alert(false));
        awaitDelivered("pagerduty", 2);

        List<JsonNode> events = bodies(PD_PATH);
        assertThat(events).hasSize(2);
        JsonNode trigger = events.get(0);
        assertThat(trigger.path("routing_key").asText()).isEqualTo(ROUTING_KEY);
        assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.path("dedup_key").asText()).isEqualTo("health_check_failure/postgres");
        JsonNode payload = trigger.path("payload");
        assertThat(payload.path("summary").asText()).isEqualTo("postgres failed 3 probes in a row: connection refused");
        assertThat(payload.path("source").asText()).isEqualTo("saas-api-7d9f-agent");
        assertThat(payload.path("severity").asText()).isEqualTo("critical");
        assertThat(payload.path("timestamp").asText()).isEqualTo("2024-05-14T09:21:37Z");
        assertThat(payload.path("custom_details").path("consecutive_failures").asInt()).isEqualTo(3);
        assertThat(payload.path("custom_details").path("dependency").asText()).isEqualTo("postgres");
        JsonNode resolve = events.get(1);
        assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.path("dedup_key").asText()).isEqualTo(trigger.path("dedup_key").asText());
        assertThat(resolve.path("routing_key").asText()).isEqualTo(ROUTING_KEY);
        assertThat(channel("pagerduty").delivered()).isEqualTo(2);
    }

    @Test
    void slackGetsTextAndBlocksForTriggerAndResolve() {
        answerAsTheRealServicesDo();
        NotificationDispatcher d = dispatcher(allThree());

        d.onAlert(alert(true));
        d.onAlert(alert(false));
        awaitDelivered("slack", 2);

        List<JsonNode> messages = bodies(SLACK_PATH);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("text").asText()).isEqualTo("[CRITICAL] postgres failed 3 probes in a row: connection refused");
        assertThat(messages.get(0).path("blocks").get(0).path("type").asText()).isEqualTo("section");
        assertThat(messages.get(0).path("blocks").get(0).path("text").path("type").asText()).isEqualTo("mrkdwn");
        assertThat(messages.get(0).path("blocks").get(1).path("elements").get(0).path("text").asText())
                .contains("health_check_failure").contains("firing").contains("consecutive_failures: 3");
        assertThat(messages.get(1).path("text").asText()).isEqualTo("[RESOLVED] postgres healthy again");
        assertThat(channel("slack").delivered()).isEqualTo(2);
    }

    @Test
    void theWebhookGetsTheAlertAsJsonWithItsBearerToken() {
        answerAsTheRealServicesDo();
        NotificationDispatcher d = dispatcher(allThree());

        d.onAlert(alert(true));
        d.onAlert(alert(false));
        awaitDelivered("webhook", 2);

        assertThat(server.findAll(postRequestedFor(urlPathEqualTo(HOOK_PATH))))
                .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + HOOK_TOKEN));
        List<JsonNode> hooks = bodies(HOOK_PATH);
        assertThat(hooks).extracting(h -> h.path("status").asText()).containsExactly("firing", "resolved");
        assertThat(hooks).extracting(h -> h.path("dedup_key").asText()).containsOnly("health_check_failure/postgres");
        assertThat(hooks.get(0).path("evidence").path("threshold").asInt()).isEqualTo(3);
        assertThat(hooks.get(0).path("at").asText()).isEqualTo("2024-05-14T09:21:37Z");
    }

    @Test
    void aRepeatedAlertIsSentOnceUntilItsStateChanges() {
        answerAsTheRealServicesDo();
        NotificationDispatcher d = dispatcher(allThree());

        d.onAlert(alert(true));
        d.onAlert(alert(true));
        d.onAlert(alert(false));
        d.onAlert(alert(false));
        d.onAlert(alert(true));
        for (String id : List.of("pagerduty", "slack", "webhook")) {
            awaitDelivered(id, 3);
        }

        // One channel thread delivers in order: had a repeat been sent, it would be among these.
        assertThat(bodies(PD_PATH)).extracting(e -> e.path("event_action").asText()).containsExactly("trigger", "resolve", "trigger");
        assertThat(requests(SLACK_PATH)).isEqualTo(3);
        assertThat(requests(HOOK_PATH)).isEqualTo(3);
        assertThat(channel("pagerduty").suppressed()).isEqualTo(2);
    }

    @Test
    void aServerErrorIsRetriedWithBackoffThenDelivered() {
        server.stubFor(post(urlPathEqualTo(PD_PATH)).inScenario("pd").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withStatus(500).withBody("{\"status\":\"error\",\"message\":\"internal error\"}")));
        server.stubFor(post(urlPathEqualTo(PD_PATH)).inScenario("pd").whenScenarioStateIs("up").willReturn(pagerDutyAccepted()));
        server.stubFor(post(urlPathEqualTo(SLACK_PATH)).inScenario("slack").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "5").withBody("rate_limited")));
        server.stubFor(post(urlPathEqualTo(SLACK_PATH)).inScenario("slack").whenScenarioStateIs("up").willReturn(aResponse().withStatus(200).withBody("ok")));
        Map<String, String> p = allThree();
        p.remove("agent.notify.webhook.url");
        NotificationDispatcher d = dispatcher(p);

        d.onAlert(alert(true));
        awaitDelivered("pagerduty", 1);
        awaitDelivered("slack", 1);

        assertThat(channel("pagerduty").delivered()).isEqualTo(1);
        assertThat(channel("pagerduty").retries()).isEqualTo(1);
        assertThat(requests(PD_PATH)).isEqualTo(2);
        assertThat(channel("slack").delivered()).isEqualTo(1);
        assertThat(requests(SLACK_PATH)).isEqualTo(2);
        // 2 s backoff after PagerDuty's 500; Slack's Retry-After of 5 s honoured.
        assertThat(sleeper.pauses()).containsExactlyInAnyOrder(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void aFailureThatOutlastsTheRetriesIsLoggedRedactedAndTheAlertMayBeSentAgain() {
        server.stubFor(post(urlPathEqualTo(HOOK_PATH)).willReturn(aResponse().withStatus(503)
                .withBody("upstream rejected Authorization: Bearer " + HOOK_TOKEN + " for " + HOOK_PATH)));
        Map<String, String> p = Map.of("agent.notify.webhook.url", "http://127.0.0.1:" + server.port() + HOOK_PATH,
                "agent.notify.webhook.token", HOOK_TOKEN, "agent.notify.max-attempts", "3");
        NotificationDispatcher d = dispatcher(p);

        d.onAlert(alert(true));
        awaitDelivered("webhook", 1);
        assertThat(channel("webhook").failed()).isEqualTo(1);
        assertThat(requests(HOOK_PATH)).isEqualTo(3);
        Await.until(Duration.ofSeconds(5), "failure logged", () -> logLines.stream().anyMatch(l -> l.contains("not delivered")));
        assertThat(logLines).anySatisfy(l -> assertThat(l).contains("gave up after 3 attempts").contains("HTTP 503"));
        assertThat(logLines).noneMatch(l -> l.contains(HOOK_TOKEN));

        // Not delivered, so not a repeat: the same alert is tried again.
        d.onAlert(alert(true));
        Await.until(Duration.ofSeconds(10), "second try", () -> channel("webhook").failed() == 2);
        assertThat(requests(HOOK_PATH)).isEqualTo(6);
    }

    @Test
    void aRefusalIsNotRetriedAndNeverLogsTheWebhookUrl() {
        server.stubFor(post(urlPathEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(403).withBody("invalid_token")));
        Map<String, String> p = Map.of("agent.notify.slack.webhook-url", "http://127.0.0.1:" + server.port() + SLACK_PATH);
        NotificationDispatcher d = dispatcher(p);

        d.onAlert(alert(true));
        awaitDelivered("slack", 1);

        assertThat(channel("slack").failed()).isEqualTo(1);
        assertThat(channel("slack").retries()).isZero();
        assertThat(requests(SLACK_PATH)).isEqualTo(1);
        Await.until(Duration.ofSeconds(5), "refusal logged", () -> logLines.stream().anyMatch(l -> l.contains("invalid_token")));
        assertThat(logLines).noneMatch(l -> l.contains("slackCanarySecret9x"));
    }

    @Test
    void aHungNotifierBlocksNeitherTheCallerNorTheOthers() {
        server.stubFor(post(urlPathEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok").withFixedDelay(3_000)));
        server.stubFor(post(urlPathEqualTo(PD_PATH)).willReturn(pagerDutyAccepted()));
        server.stubFor(post(urlPathEqualTo(HOOK_PATH)).willReturn(aResponse().withStatus(200)));
        NotificationDispatcher d = dispatcher(allThree());

        long start = System.nanoTime();
        d.onAlert(alert(true));
        d.onAlert(alert(false));
        long callerMillis = (System.nanoTime() - start) / 1_000_000;

        // The caller (a probe thread) got its thread back long before Slack's 3 s answer.
        assertThat(callerMillis).isLessThan(1_000);
        awaitDelivered("pagerduty", 2);
        awaitDelivered("webhook", 2);
        assertThat(channel("slack").delivered()).as("Slack is still hanging").isZero();
        Await.until(Duration.ofSeconds(10), "slack's first delivery after its delay", () -> channel("slack").delivered() >= 1);
    }

    @Test
    void onlyConfiguredNotifiersAreActive() {
        assertThat(dispatcher(Map.of()).channels()).isEmpty();
        assertThat(dispatcher(Map.of("agent.notify.webhook.url", "http://127.0.0.1:1/x")).channels())
                .extracting(NotificationChannel::id).containsExactly("webhook");
        assertThat(dispatcher(allThree()).channels()).extracting(NotificationChannel::id).containsExactly("pagerduty", "slack", "webhook");
    }
}
