package io.saasagent.probe.http;

import io.saasagent.probe.Latency;
import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeFailures;
import io.saasagent.probe.ProbeResult;
import io.saasagent.probe.ProbeTarget;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GETs a URL (the API container itself, the DR region's endpoint): success when the status is one
 * of {@code expected-status} (default any of 200-399; redirects are not followed), slow is degraded.
 * Details: status code and latency. Credentials, if any (username/password or the URL's
 * userinfo), are sent as Basic authentication.
 */
public final class HttpProbe implements Probe {
    private final ProbeTarget target;
    private final HttpGetter http;

    public HttpProbe(ProbeTarget target) {
        this.target = target;
        this.http = new HttpGetter(target, "", () -> HttpGetter.basicAuthorization(target));
    }

    @Override
    public ProbeResult check() {
        return http.check((response, latency) -> judge(response.statusCode(), latency));
    }

    private ProbeResult judge(int status, Duration latency) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status_code", status);
        details.put("latency_ms", latency.toMillis());
        if (!expected(status)) {
            return ProbeResult.failed(ProbeFailures.ofStatus(status), latency, "unexpected HTTP status " + status, details, target.clock().instant());
        }
        return Latency.judge(target, latency, details);
    }

    private boolean expected(int status) {
        List<Integer> expected = target.expectedStatus();
        return expected.isEmpty() ? status >= 200 && status <= 399 : expected.contains(status);
    }
}
