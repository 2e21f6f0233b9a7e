package io.saasagent.probe.http;

import io.saasagent.probe.Latency;
import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeFailures;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.ProbeTarget;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET {url}/api/v1/meters} with {@code Authorization: Bearer <api-key>}, OpenMeter's own
 * health check in the runbook. 2xx with a JSON array of meters is up (slow is degraded); 401/403
 * is down with reason {@code unauthorized} and {@code "unauthorized": true} in the details: an
 * expired key is our problem, not an OpenMeter outage, so it stays a failure for the thresholds
 * but reads differently. Any other status, or a body that is not an array, is down.
 */
public final class OpenMeterProbe implements Probe {
    static final String METERS_PATH = "/api/v1/meters";
    /** Tree parsing only: no data binding, no reflection. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProbeTarget target;
    private final HttpGetter http;

    public OpenMeterProbe(ProbeTarget target) {
        this.target = target;
        this.http = new HttpGetter(target, METERS_PATH, () -> target.apiKey().map(key -> "Bearer " + key));
    }

    @Override
    public ProbeResult check() {
        return http.check((response, latency) -> judge(response.statusCode(), response.body(), latency));
    }

    private ProbeResult judge(int status, String body, Duration latency) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status_code", status);
        if (status == 401 || status == 403) {
            details.put("unauthorized", true);
            return ProbeResult.rejected(latency, "unauthorized: HTTP " + status + " (API key rejected; not an OpenMeter outage)",
                    details, target.clock().instant());
        }
        if (status < 200 || status > 299) {
            return ProbeResult.failed(ProbeFailures.ofStatus(status), latency, "HTTP " + status, details, target.clock().instant());
        }
        JsonNode meters;
        try {
            meters = JSON.readTree(body);
        } catch (JacksonException e) {
            return down(latency, "malformed reply: not JSON", details);
        }
        if (meters == null || !meters.isArray()) {
            return down(latency, "malformed reply: expected a JSON array of meters", details);
        }
        details.put("meters", meters.size());
        return Latency.judge(target, latency, details);
    }

    private ProbeResult down(Duration latency, String reason, Map<String, Object> details) {
        return ProbeResult.down(latency, reason, details, target.clock().instant());
    }
}
