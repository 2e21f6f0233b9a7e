package io.saasagent.alerting;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * A generic JSON webhook: {@code POST <url>} with the alert as one flat object, and
 * {@code Authorization: Bearer <token>} when a token is configured. Any 2xx is delivered.
 */
final class WebhookNotifier implements Notifier {
    private final URI url;
    private final String token;
    private final String source;

    WebhookNotifier(URI url, String token, String source) {
        this.url = url;
        this.token = token;
        this.source = source;
    }

    @Override
    public String id() {
        return "webhook";
    }

    @Override
    public HttpRequest request(Alert alert, Duration timeout) {
        ObjectNode body = AlertJson.object()
                .put("dedup_key", alert.dedupKey())
                .put("rule", alert.rule())
                .put("severity", alert.severity())
                .put("status", AlertJson.status(alert))
                .put("summary", alert.summary())
                .put("source", source)
                .put("at", alert.at().toString());
        body.set("evidence", AlertJson.tree(alert.evidence()));
        HttpRequest.Builder request = Notifier.jsonPost(url, body.toString(), timeout);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }
}
