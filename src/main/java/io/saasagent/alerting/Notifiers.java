package io.saasagent.alerting;

import io.saasagent.config.NotifyConfig;
import io.saasagent.config.Secrets;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The notifiers configured under agent.notify.*, and only those: PagerDuty with a routing key,
 * Slack with a webhook URL, the generic webhook with a URL. Routing keys, Slack URLs, webhook
 * URLs and tokens are secrets: resolved through {@link Secrets}, so the Redactor masks them everywhere.
 */
public final class Notifiers {
    private Notifiers() {
    }

    public static List<Notifier> configured(NotifyConfig n, String source) {
        List<Notifier> notifiers = new ArrayList<>();
        Secrets.resolve(n.pagerduty().routingKey(), n.pagerduty().routingKeyFile())
                .ifPresent(key -> notifiers.add(new PagerDutyNotifier(URI.create(n.pagerduty().url().strip()), key, source)));
        Secrets.resolve(n.slack().webhookUrl(), n.slack().webhookUrlFile())
                .ifPresent(url -> notifiers.add(new SlackNotifier(URI.create(url.strip()), source)));
        Secrets.resolve(n.webhook().url(), Optional.empty()).ifPresent(url -> notifiers.add(new WebhookNotifier(URI.create(url.strip()),
                Secrets.resolve(n.webhook().token(), n.webhook().tokenFile()).orElse(null), source)));
        return List.copyOf(notifiers);
    }
}
