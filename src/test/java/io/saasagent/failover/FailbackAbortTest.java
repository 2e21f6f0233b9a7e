package io.saasagent.failover;

import io.saasagent.failover.record.FailoverState;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.saasagent.alerting.Alert;
import io.saasagent.alerting.NotificationChannel;
import io.saasagent.alerting.Notifier;
import io.saasagent.dns.DnsException;
import io.saasagent.support.HttpCalls;
import io.saasagent.support.Retrier;
import io.saasagent.support.RetryPolicy;
import io.saasagent.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gradual failback aborted while the write back to the DR target fails: the write is tried again
 * until it lands, and its failure is paged on its own key through a real {@link NotificationChannel}
 * whose notifier posts to a recording HTTP server.
 */
@Timeout(30)
class FailbackAbortTest {
    private final WireMockServer pager = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @AfterEach
    void stop() {
        pager.stop();
    }

    /** A notifier that posts "key|firing|summary" to the recording server. */
    private Notifier recording() {
        return new Notifier() {
            @Override
            public String id() {
                return "recording";
            }

            @Override
            public HttpRequest request(Alert alert, Duration timeout) {
                return Notifier.jsonPost(URI.create(pager.baseUrl() + "/page"),
                        alert.dedupKey() + "|" + alert.firing() + "|" + alert.summary(), timeout).build();
            }
        };
    }

    @Test
    void theWriteBackIsRetriedUntilItLandsAndItsFailureIsPagedOnItsOwnKey() {
        pager.start();
        pager.stubFor(post(urlEqualTo("/page")).willReturn(aResponse().withStatus(202)));
        EngineWorld w = new EngineWorld("active");
        NotificationChannel channel = new NotificationChannel(recording(), HttpCalls.client(Duration.ofSeconds(2)),
                new Retrier(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)), d -> { }), w.clock,
                Duration.ofSeconds(2), Duration.ofMinutes(10));
        w.dns.weights = true;
        w.primaryFailsFor(3);
        w.recover("redis");
        assertThat(w.engine.control("failback", "ops").status()).isEqualTo(200);
        assertThat(w.dns.weightWrites).containsExactly(10);

        w.alerts.clear();
        w.dns.failNextWrite = new DnsException("SERVFAIL from the primary server", false);
        w.set("redis", false);
        w.rounds(3);
        assertThat(w.state()).isEqualTo(FailoverState.FAILED_OVER);
        assertThat(w.coordinator.last("DnsWriteBackFailed").message()).contains("SERVFAIL");
        w.alerts.forEach(channel::offer);

        w.rounds(3); // the verify interval: tried again
        assertThat(w.dns.weightWrites).as("written back at the next try").containsExactly(10, 0);
        assertThat(w.coordinator.kinds()).contains("DnsWrittenBack");
        assertThat(w.engine.view().get("fleet").toString()).contains("write_back_pending=false");

        Await.until(Duration.ofSeconds(10), "the write-back page delivered", () -> pager.findAll(postRequestedFor(anyUrl())).stream()
                .anyMatch(r -> r.getBodyAsString().contains("/write_back_failed|")));
        assertThat(pager.findAll(postRequestedFor(anyUrl()))).extracting(r -> r.getBodyAsString())
                .anySatisfy(b -> assertThat(b).contains("/failback_aborted|true|failback aborted"))
                .anySatisfy(b -> assertThat(b).contains("/write_back_failed|true|").contains("SERVFAIL"));
        channel.close();
    }

    /** Only an outage moves a region: Postgres refusing the agent's password during the 10 % hold holds the failback there. */
    @Test
    void aRejectedPostgresDuringTheTenPercentHoldHoldsTheFailbackWithoutAbort() {
        EngineWorld w = new EngineWorld("active", Map.of("agent.dependencies.postgres.type", "postgres",
                "agent.dependencies.postgres.url", "postgresql://127.0.0.1:1/app", "agent.dependencies.postgres.critical", "true"));
        w.dns.weights = true;
        w.primaryFailsFor(3);
        w.recover("redis");
        assertThat(w.engine.control("failback", "ops").accepted()).isTrue();
        assertThat(w.dns.weightWrites).containsExactly(10);

        w.rejecting.add("postgres");
        w.set("postgres", false);
        w.rounds(4);
        assertThat(w.snapshot("postgres").rejected()).as("postgres rejects the agent").isTrue();
        w.clock.advance(Duration.ofMinutes(16)); // past the 15 min hold, postgres still rejecting
        w.rounds(3);
        assertThat(w.state()).isEqualTo(FailoverState.FAILING_BACK);
        assertThat(w.dns.weightWrites).as("held at 10 %: neither the next step nor the write back").containsExactly(10);
        assertThat(w.coordinator.kinds()).doesNotContain("FailbackAborted").contains("FailbackHeld");
        assertThat(w.coordinator.count("FailbackHeld")).as("recorded once, not every step").isEqualTo(1);
        assertThat(w.coordinator.last("FailbackHeld").message()).contains("postgres rejects the agent").contains("no abort");

        w.recover("postgres");
        w.clock.advance(Duration.ofMinutes(16));
        w.round();
        assertThat(w.dns.weightWrites).as("the failback goes on once postgres accepts the agent again").containsExactly(10, 50);
    }
}
