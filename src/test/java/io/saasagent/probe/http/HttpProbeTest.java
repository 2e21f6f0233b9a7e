package io.saasagent.probe.http;

import io.saasagent.probe.FailureClass;
import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeAssertions;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.TestTargets;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.saasagent.support.Redactor;
import io.saasagent.testing.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The generic HTTP probe: status judged against expected-status, slow degraded, faults are timeouts or refusals. */
@Timeout(30)
class HttpProbeTest {
    private WireMockServer api;

    @BeforeEach
    void start() {
        api = OpenMeterApi.server();
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    private void answer(int status) {
        api.stubFor(get(urlPathEqualTo("/healthz")).willReturn(aResponse().withStatus(status).withBody("ok")));
    }

    private ProbeResult check(String url, Map<String, String> extra) {
        Map<String, String> keys = new HashMap<>(Map.of("timeout", "500ms"));
        keys.putAll(extra);
        try (Probe probe = new HttpProbe(TestTargets.target("api", "http", url, keys, Clock.systemUTC()))) {
            return probe.check();
        }
    }

    private ProbeResult check() {
        return check(api.baseUrl() + "/healthz", Map.of());
    }

    @Test
    void http200IsUpWithStatusAndLatency() {
        answer(200);

        ProbeResult result = check();

        assertThat(result.outcome()).as(String.valueOf(result.error())).isEqualTo(ProbeResult.Outcome.UP);
        assertThat(result.details()).containsEntry("status_code", 200).containsKey("latency_ms");
    }

    @Test
    void aRedirectIsInTheDefaultRangeAndNotFollowed() {
        api.stubFor(get(urlPathEqualTo("/healthz")).willReturn(aResponse().withStatus(302).withHeader("Location", "/elsewhere")));

        ProbeResult result = check();

        assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.UP);
        assertThat(result.details()).containsEntry("status_code", 302);
        api.verify(0, getRequestedFor(urlPathEqualTo("/elsewhere")));
    }

    @Test
    void http500And404AreDown() {
        answer(500);
        ProbeResult result = check();
        assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.DOWN);
        assertThat(result.error()).isEqualTo("unexpected HTTP status 500");
        assertThat(result.details()).containsEntry("status_code", 500);

        answer(404);
        assertThat(check().error()).isEqualTo("unexpected HTTP status 404");
    }

    @Test
    void expectedStatusReplacesTheDefaultRange() {
        answer(200);
        assertThat(check(api.baseUrl() + "/healthz", Map.of("expected-status", "204")).error()).isEqualTo("unexpected HTTP status 200");

        answer(503);
        assertThat(check(api.baseUrl() + "/healthz", Map.of("expected-status", "200,503")).outcome()).isEqualTo(ProbeResult.Outcome.UP);
    }

    @Test
    void urlUserInfoBecomesBasicAuthAndNeverAReason() {
        api.stubFor(get(urlPathEqualTo("/healthz")).willReturn(aResponse().withStatus(401)));

        ProbeResult result = check("http://probe:s3cret-in-url@127.0.0.1:" + api.port() + "/healthz", Map.of());

        // "probe:s3cret-in-url" in Base64
        api.verify(getRequestedFor(urlPathEqualTo("/healthz")).withHeader("Authorization", equalTo("Basic cHJvYmU6czNjcmV0LWluLXVybA==")));
        assertThat(result.error()).isEqualTo("unexpected HTTP status 401");
        assertThat(Redactor.redact("failed: s3cret-in-url")).doesNotContain("s3cret-in-url");
    }

    @Test
    void aSlowAnswerIsDegraded() {
        api.stubFor(get(urlPathEqualTo("/healthz")).willReturn(aResponse().withStatus(200).withFixedDelay(150)));

        ProbeResult result = check(api.baseUrl() + "/healthz", Map.of("latency-budget", "50ms", "timeout", "2s"));

        assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.DEGRADED);
        assertThat(result.error()).startsWith("slow");
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsATimeoutFailure() {
        api.stubFor(get(urlPathEqualTo("/healthz")).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));

        ProbeResult result = check();

        ProbeAssertions.assertTimedOut(result, Duration.ofMillis(500));
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersIsATimeoutFailure() {
        answer(200);
        try (FaultProxy proxy = FaultProxy.to(api.port()).set(FaultProxy.Mode.BLACKHOLE)) {
            ProbeResult result = check("http://" + proxy.hostPort() + "/healthz", Map.of());

            ProbeAssertions.assertTimedOut(result, Duration.ofMillis(500));
        }
    }

    @Test
    void aResetConnectionIsDown() {
        answer(200);
        try (FaultProxy proxy = FaultProxy.to(api.port()).set(FaultProxy.Mode.RESET)) {
            ProbeResult result = check("http://" + proxy.hostPort() + "/healthz", Map.of());

            assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.DOWN);
            assertThat(result.error()).isNotBlank();
        }
    }

    @Test
    void aBodyOverOneMebibyteIsAMalformedReplyAndOneJustUnderIsRead() {
        api.stubFor(get(urlPathEqualTo("/huge")).willReturn(aResponse().withStatus(200).withBody(new byte[HttpGetter.MAX_BODY + 1])));
        api.stubFor(get(urlPathEqualTo("/big")).willReturn(aResponse().withStatus(200).withBody(new byte[HttpGetter.MAX_BODY])));

        ProbeResult huge = check(api.baseUrl() + "/huge", Map.of("timeout", "2s", "interval", "10s"));
        assertThat(huge.outcome()).isEqualTo(ProbeResult.Outcome.DOWN);
        assertThat(huge.error()).isEqualTo("malformed reply: body over 1 MiB");
        assertThat(check(api.baseUrl() + "/big", Map.of("timeout", "2s", "interval", "10s")).success()).isTrue();
    }

    @Test
    void http4xxIsARejectionAnd5xxAnOutage() {
        answer(403);
        assertThat(check().failureClass()).isEqualTo(FailureClass.REJECTED);
        answer(503);
        assertThat(check().failureClass()).isEqualTo(FailureClass.OUTAGE);
    }
}
