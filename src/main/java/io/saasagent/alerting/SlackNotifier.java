package io.saasagent.alerting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Slack incoming webhook: {@code POST <webhook-url>} with {@code text} (the notification fallback)
 * and blocks (the headline, then the rule, source and evidence as context). Slack answers 200 "ok";
 * anything else (400 invalid_payload, 403 invalid_token, 404 no_service, 410 channel_is_archived) is a refusal.
 */
final class SlackNotifier implements Notifier {
    private final URI webhookUrl;
    private final String source;

    SlackNotifier(URI webhookUrl, String source) {
        this.webhookUrl = webhookUrl;
        this.source = source;
    }

    @Override
    public String id() {
        return "slack";
    }

    @Override
    public HttpRequest request(Alert alert, Duration timeout) {
        String headline = (alert.firing() ? ":rotating_light: *" + alert.severity().toUpperCase() + "* " : ":white_check_mark: *RESOLVED* ")
                + alert.summary();
        String context = "rule `" + alert.rule() + "` · " + AlertJson.status(alert) + " · " + source + " · " + alert.at()
                + (alert.evidence().isEmpty() ? "" : "\n" + alert.evidence().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")));
        ObjectNode message = AlertJson.object().put("text", (alert.firing() ? "[" + alert.severity().toUpperCase() + "] " : "[RESOLVED] ")
                + alert.summary());
        ArrayNode blocks = message.putArray("blocks");
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", headline);
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn").put("text", context);
        return Notifier.jsonPost(webhookUrl, message.toString(), timeout).build();
    }

    @Override
    public boolean accepted(HttpResponse<String> response) {
        return response.statusCode() == 200 && "ok".equals(response.body() == null ? null : response.body().strip());
    }
}
