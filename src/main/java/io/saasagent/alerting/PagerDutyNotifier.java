package io.saasagent.alerting;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Set;

/**
 * PagerDuty Events API v2: {@code POST /v2/enqueue} with a routing key; "trigger" while the rule
 * fires, "resolve" when it recovers, both under the alert's dedup key so they close the same incident.
 * PagerDuty answers 202 {@code {"status":"success","message":"Event processed","dedup_key":...}}.
 */
final class PagerDutyNotifier implements Notifier {
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");
    /** PagerDuty truncates summaries at 1024 characters. */
    private static final int MAX_SUMMARY = 1024;

    private final URI url;
    private final String routingKey;
    private final String source;

    PagerDutyNotifier(URI url, String routingKey, String source) {
        this.url = url;
        this.routingKey = routingKey;
        this.source = source;
    }

    @Override
    public String id() {
        return "pagerduty";
    }

    @Override
    public HttpRequest request(Alert alert, Duration timeout) {
        ObjectNode event = AlertJson.object()
                .put("routing_key", routingKey)
                .put("event_action", alert.firing() ? "trigger" : "resolve")
                .put("dedup_key", alert.dedupKey())
                .put("client", "saas-health-agent");
        if (alert.firing()) {
            // A resolve needs only the dedup key; the payload describes what triggers.
            ObjectNode payload = event.putObject("payload")
                    .put("summary", truncate(alert.summary()))
                    .put("source", source)
                    .put("severity", SEVERITIES.contains(alert.severity()) ? alert.severity() : "warning")
                    .put("timestamp", alert.at().toString())
                    .put("class", alert.rule());
            payload.set("custom_details", AlertJson.tree(alert.evidence()));
        }
        return Notifier.jsonPost(url, event.toString(), timeout).header("Accept", "application/json").build();
    }

    private static String truncate(String summary) {
        String s = summary == null ? "" : summary;
        return s.length() <= MAX_SUMMARY ? s : s.substring(0, MAX_SUMMARY - 3) + "...";
    }
}
