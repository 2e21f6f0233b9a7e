package io.saasagent.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code agent.notify.*}: where pages go (PagerDuty, Slack, a webhook) and how they are retried; a group of {@link AgentConfig}. */
public interface NotifyConfig {
    PagerDuty pagerduty();

    Slack slack();

    Webhook webhook();

    /** Timeout of one delivery attempt. */
    @WithDefault("10s")
    Duration timeout();

    /** Attempts of one delivery on 429, 5xx or a connection error (max-age is the bound that usually ends them). */
    @WithDefault("100")
    int maxAttempts();

    /** A notification not delivered within this of its alert is given up (and counted failed). */
    @WithDefault("10m")
    Duration maxAge();

    /** First pause between attempts; it doubles each time, up to 1 min. */
    @WithDefault("2s")
    Duration retryBackoff();

    /** PagerDuty's payload.source and the sender named in messages; defaults to the pod name, else the host name. */
    Optional<String> source();

    interface PagerDuty {
        @WithDefault("https://events.pagerduty.com/v2/enqueue")
        String url();

        Optional<String> routingKey();

        Optional<String> routingKeyFile();
    }

    interface Slack {
        /** The incoming-webhook URL is itself a secret. */
        Optional<String> webhookUrl();

        Optional<String> webhookUrlFile();
    }

    interface Webhook {
        Optional<String> url();

        Optional<String> token();

        Optional<String> tokenFile();
    }
}
