package io.saasagent.alerting;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One way of telling a human, Gatus-style: one small class per provider builds that provider's real
 * request; {@link NotificationChannel} sends it off the caller's thread, deduplicated and retried.
 */
public interface Notifier {

    /** pagerduty, slack, webhook. */
    String id();

    /** The provider's request for this alert (trigger when firing, resolve when not). */
    HttpRequest request(Alert alert, Duration timeout);

    /** Whether the answer means delivered; 429 and 5xx never reach here (they are retried). */
    default boolean accepted(HttpResponse<String> response) {
        return response.statusCode() / 100 == 2;
    }

    static HttpRequest.Builder jsonPost(java.net.URI url, String body, Duration timeout) {
        return HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "saas-health-agent")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
