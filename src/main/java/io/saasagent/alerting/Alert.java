package io.saasagent.alerting;

import java.time.Instant;
import java.util.Map;

/**
 * A policy rule that started or stopped firing, or a failover step worth telling a human about.
 * The failover policy fires it as a CDI event; the notifiers (PagerDuty, Slack, webhook) observe it
 * and deliver it off the probe threads, deduplicated by {@code dedupKey}.
 *
 * @param firing   true on trigger, false on recovery (resolve)
 * @param severity info, warning or critical
 * @param evidence JSON-friendly facts; never a secret
 */
public record Alert(String dedupKey, String rule, String severity, boolean firing, String summary,
                    Map<String, Object> evidence, Instant at) {
    public Alert {
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    }
}
