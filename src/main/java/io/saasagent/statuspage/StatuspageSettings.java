package io.saasagent.statuspage;

import io.saasagent.config.AgentConfig;
import io.saasagent.config.NotifyConfig;
import io.saasagent.config.Secrets;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * agent.statuspage.* as the publisher uses it (already validated): on when page-id is set. Delivery
 * follows agent.notify.*: the same timeout, attempts, backoff and max age as every notification.
 *
 * @param componentId null: incidents only, no component status
 * @param templates   null: the shipped texts
 * @param dryRun      the failover runs in dry-run: log what would be posted, post nothing
 */
public record StatuspageSettings(URI apiUrl, String pageId, String apiKey, String componentId, Duration updateInterval,
                                 String templates, boolean dryRun, Duration timeout, int maxAttempts, Duration retryBackoff,
                                 Duration maxAge) {

    /** Empty when agent.statuspage.page-id is not set. */
    public static Optional<StatuspageSettings> from(AgentConfig config) {
        AgentConfig.Statuspage s = config.statuspage();
        Optional<String> pageId = s.pageId().filter(v -> !v.isBlank());
        if (pageId.isEmpty()) {
            return Optional.empty();
        }
        NotifyConfig n = config.notifications();
        String apiKey = Secrets.resolve(s.apiKey(), s.apiKeyFile()).orElseThrow();
        String base = s.apiUrl().strip();
        return Optional.of(new StatuspageSettings(URI.create(base.endsWith("/") ? base : base + "/"), pageId.get().strip(), apiKey,
                s.componentId().filter(v -> !v.isBlank()).map(String::strip).orElse(null), s.updateInterval(), s.templates().orElse(null),
                "dry-run".equals(config.failover().mode()), n.timeout(), n.maxAttempts(), n.retryBackoff(), n.maxAge()));
    }
}
