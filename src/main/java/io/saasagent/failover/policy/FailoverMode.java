package io.saasagent.failover.policy;

import java.util.Arrays;
import java.util.Locale;

/** {@code agent.failover.mode}: what the agent does once a dns_failover rule fired and the guards pass. */
public enum FailoverMode {
    /** Log, record and alert what would change; no write. */
    DRY_RUN,
    /** Only /health/failover turns 503: the DNS provider's own health checker moves the record. */
    PASSIVE,
    /** Write the DNS record through the configured provider. */
    ACTIVE;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The mode of a configuration value (already validated); unknown values fall back to the harmless dry-run. */
    public static FailoverMode parse(String value) {
        return Arrays.stream(values()).filter(m -> m.id().equalsIgnoreCase(value == null ? "" : value.strip()))
                .findFirst().orElse(DRY_RUN);
    }
}
