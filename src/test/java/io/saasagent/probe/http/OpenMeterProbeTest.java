package io.saasagent.probe.http;

import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeAssertions;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.TestTargets;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.saasagent.testing.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The OpenMeter probe against WireMock answering with OpenMeter's real shapes, and against network faults. */
@Timeout(30)
class OpenMeterProbeTest {
    private static final String KEY = "om_live_probe_test_key";

    private WireMockServer openMeter;

    @BeforeEach
    void start() {
        openMeter = OpenMeterApi.server();
    }

    @AfterEach
    void stop() {
        openMeter.stop();
    }

    private ProbeResult check(String url, Map<String, String> extra) {
        Map<String, String> keys = new HashMap<>(Map.of("api-key", KEY, "timeout", "500ms"));
        keys.putAll(extra);
        try (Probe probe = new OpenMeterProbe(TestTargets.target("billing", "openmeter", url, keys, Clock.systemUTC()))) {
            return probe.check();
        }
    }

    private ProbeResult check() {
        return check(openMeter.baseUrl(), Map.of());
    }

    @Test
    void aListOfMetersIsUpWithItsCountAndSendsTheBearerKey() {
        OpenMeterApi.meters(openMeter, KEY, OpenMeterApi.ok());

        ProbeResult result = check();

        assertThat(result.outcome()).as(String.valueOf(result.error())).isEqualTo(ProbeResult.Outcome.UP);
        assertThat(result.details()).containsEntry("meters", 2).containsEntry("status_code", 200);
        openMeter.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/meters")).withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void theMetersPathIsAppendedToABasePathAndUserInfoIsNeverSent() {
        openMeter.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/openmeter/api/v1/meters"))
                .willReturn(aResponse().withStatus(200).withBody("[]")));

        ProbeResult result = check("http://someone:pw-in-url@127.0.0.1:" + openMeter.port() + "/openmeter/", Map.of());

        assertThat(result.outcome()).as(String.valueOf(result.error())).isEqualTo(ProbeResult.Outcome.UP);
        assertThat(result.details()).containsEntry("meters", 0);
        assertThat(openMeter.getAllServeEvents()).singleElement()
                .satisfies(e -> assertThat(e.getRequest().getAbsoluteUrl()).doesNotContain("pw-in-url"));
        assertThat(io.saasagent.support.Redactor.redact("echoed pw-in-url")).isEqualTo("echoed ***");
    }

    @Test
    void theKeyIsReadFromItsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("api-key");
        Files.writeString(file, "om_live_from_file\n");
        OpenMeterApi.meters(openMeter, "om_live_from_file", OpenMeterApi.ok());

        ProbeResult result = check(openMeter.baseUrl(), Map.of("api-key", "", "api-key-file", file.toString()));

        assertThat(result.outcome()).as(String.valueOf(result.error())).isEqualTo(ProbeResult.Outcome.UP);
    }

    @Test
    void http401IsUnauthorizedNotAnOutage() {
        OpenMeterApi.meters(openMeter, KEY, OpenMeterApi.problem(401, "Unauthorized"));

        ProbeResult result = check();

        assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.DOWN);
        assertThat(result.error()).startsWith("unauthorized").contains("401").doesNotContain(KEY);
        assertThat(result.details()).containsEntry("unauthorized", true).containsEntry("status_code", 401);
    }

    @Test
    void http403IsUnauthorizedToo() {
        OpenMeterApi.meters(openMeter, KEY, OpenMeterApi.problem(403, "Forbidden"));

        ProbeResult result = check();

        assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.DOWN);
        assertThat(result.error()).startsWith("unauthorized").contains("403");
        assertThat(result.details()).containsEntry("unauthorized", true);
    }

    @Test
    void http500IsDownAndNotUnauthorized() {
        OpenMeterApi.meters(openMeter, KEY, aResponse().withStatus(500).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}"));

        ProbeResult result = check();

        assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.DOWN);
        assertThat(result.error()).isEqualTo("HTTP 500");
        assertThat(result.details()).doesNotContainKey("unauthorized").containsEntry("status_code", 500);
    }

    @Test
    void aBodyThatIsNotAnArrayIsAMalformedReply() {
        OpenMeterApi.meters(openMeter, KEY, aResponse().withStatus(200).withBody("{\"items\": []}"));

        ProbeResult result = check();

        assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.DOWN);
        assertThat(result.error()).startsWith("malformed reply");
    }

    @Test
    void aBodyThatIsNotJsonIsAMalformedReply() {
        OpenMeterApi.meters(openMeter, KEY, aResponse().withStatus(200).withBody("<html>maintenance</html>"));

        assertThat(check().error()).startsWith("malformed reply");
        OpenMeterApi.meters(openMeter, KEY, aResponse().withStatus(200).withBody(""));
        assertThat(check().error()).startsWith("malformed reply");
    }

    @Test
    void aSlowAnswerIsDegraded() {
        OpenMeterApi.meters(openMeter, KEY, OpenMeterApi.ok().withFixedDelay(150));

        ProbeResult result = check(openMeter.baseUrl(), Map.of("latency-budget", "50ms", "timeout", "2s"));

        assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.DEGRADED);
        assertThat(result.error()).startsWith("slow");
        assertThat(result.details()).containsEntry("meters", 2);
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsATimeoutFailure() {
        OpenMeterApi.meters(openMeter, KEY, OpenMeterApi.ok().withFixedDelay(3000));

        ProbeResult result = check();

        ProbeAssertions.assertTimedOut(result, Duration.ofMillis(500));
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersIsATimeoutFailure() {
        OpenMeterApi.meters(openMeter, KEY, OpenMeterApi.ok());
        try (FaultProxy proxy = FaultProxy.to(openMeter.port()).set(FaultProxy.Mode.BLACKHOLE)) {
            ProbeResult result = check("http://" + proxy.hostPort(), Map.of());

            ProbeAssertions.assertTimedOut(result, Duration.ofMillis(500));
            assertThat(proxy.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void aRefusedConnectionIsDown() {
        try (FaultProxy proxy = FaultProxy.to(openMeter.port()).set(FaultProxy.Mode.REFUSE)) {
            ProbeResult result = check("http://" + proxy.hostPort(), Map.of());

            assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.DOWN);
            assertThat(result.error()).startsWith("connection refused");
        }
    }
}
