package io.saasagent.failover;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.saasagent.alerting.Alert;
import io.saasagent.alerting.NotificationChannel;
import io.saasagent.alerting.Notifier;
import io.saasagent.support.HttpCalls;
import io.saasagent.support.Retrier;
import io.saasagent.support.RetryPolicy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A real {@link NotificationChannel} (its dedup, its retries) whose notifier posts "key|firing|summary" to a
 * recording HTTP server: what a pager would have been sent.
 */
final class RecordingPager implements AutoCloseable {
    final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    final NotificationChannel channel;

    RecordingPager(Clock clock) {
        server.start();
        server.stubFor(post(urlEqualTo("/page")).willReturn(aResponse().withStatus(202)));
        Notifier recording = new Notifier() {
            @Override
            public String id() {
                return "recording";
            }

            @Override
            public HttpRequest request(Alert alert, Duration timeout) {
                return Notifier.jsonPost(URI.create(server.baseUrl() + "/page"),
                        alert.dedupKey() + "|" + alert.firing() + "|" + alert.summary(), timeout).build();
            }
        };
        channel = new NotificationChannel(recording, HttpCalls.client(Duration.ofSeconds(2)),
                new Retrier(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)), d -> { }), clock,
                Duration.ofSeconds(2), Duration.ofMinutes(10));
    }

    /** The bodies delivered so far, in order. */
    List<String> delivered() {
        return server.findAll(postRequestedFor(anyUrl())).stream().map(r -> r.getBodyAsString()).toList();
    }

    @Override
    public void close() {
        channel.close();
        server.stop();
    }
}
