package io.saasagent.state;

import java.util.Locale;

/** The status of one dependency as /health/saas and the metrics show it. */
public enum DependencyStatus {
    HEALTHY, DEGRADED, UNHEALTHY, CIRCUIT_OPEN, UNKNOWN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
