package io.saasagent.alerting;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saasagent.config.TestConfigs;
import io.saasagent.support.HttpCalls;
import io.saasagent.support.Retrier;
import io.saasagent.support.RetryPolicy;
import io.saasagent.testing.Await;
import io.saasagent.testing.MutableClock;
import io.saasagent.testing.RecordingSleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** Delivery bounded by age, a bounded queue that counts what it drops, and the metrics of both. */
@Timeout(60)
class NotificationDeliveryTest {
    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T12:00:00Z"));

    @AfterEach
    void stop() {
        server.stop();
    }

    private Notifier posting() {
        return new Notifier() {
            @Override
            public String id() {
                return "hook";
            }

            @Override
            public HttpRequest request(Alert alert, Duration timeout) {
                return Notifier.jsonPost(URI.create(server.baseUrl() + "/hook"), "{\"key\":\"" + alert.dedupKey() + "\"}", timeout).build();
            }
        };
    }

    private static Alert alert(String key, Instant at) {
        return new Alert(key, "rule", "critical", true, "summary", Map.of(), at);
    }

    @Test
    void aFailingDeliveryIsRetriedWithBackoffUntilTheAlertIsMaxAgeOld() {
        server.start();
        server.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(503)));
        RecordingSleeper sleeper = new RecordingSleeper(clock);
        NotificationChannel channel = new NotificationChannel(posting(), HttpCalls.client(Duration.ofSeconds(2)),
                new Retrier(new RetryPolicy(100, Duration.ofSeconds(2), Duration.ofMinutes(1)), sleeper), clock,
                Duration.ofSeconds(2), Duration.ofMinutes(10));

        channel.offer(alert("k", clock.instant()));
        Await.until(Duration.ofSeconds(20), "given up", () -> channel.failed() == 1);

        Duration waited = sleeper.pauses().stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(waited).as("retried up to max-age, not past it").isLessThanOrEqualTo(Duration.ofMinutes(10))
                .isGreaterThan(Duration.ofMinutes(9));
        assertThat(sleeper.pauses()).startsWith(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
        assertThat(server.findAll(postRequestedFor(anyUrl()))).hasSize(sleeper.pauses().size() + 1);
        channel.close();
    }

    @Test
    void aFullQueueDropsAndCountsAndTheMetricsSayItPerChannel() {
        server.start();
        server.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        NotificationDispatcher dispatcher = new NotificationDispatcher(TestConfigs.agent(Map.of(
                "agent.notify.webhook.url", server.baseUrl() + "/hook")), clock, meters);
        NotificationChannel channel = dispatcher.channels().get(0);

        for (int i = 0; i < NotificationChannel.QUEUE_CAPACITY + 20; i++) {
            dispatcher.onAlert(alert("key-" + i, clock.instant()));
        }
        dispatcher.onAlert(alert("key-0", clock.instant())); // a repeat: suppressed

        assertThat(channel.dropped()).as("one in flight, the queue full, the rest dropped").isBetween(19L, 20L);
        assertThat(meters.get("saas_notifications_dropped").tag("channel", "webhook").functionCounter().count())
                .isEqualTo(channel.dropped());
        assertThat(meters.get("saas_notifications").tags("channel", "webhook", "result", "suppressed").functionCounter().count())
                .isEqualTo(1.0);
        Await.until(Duration.ofSeconds(10), "the first delivered", () -> channel.delivered() >= 1);
        assertThat(meters.get("saas_notifications").tags("channel", "webhook", "result", "delivered").functionCounter().count())
                .isGreaterThanOrEqualTo(1.0);
        channel.close();
    }
}
