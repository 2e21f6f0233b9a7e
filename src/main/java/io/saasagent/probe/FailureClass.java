package io.saasagent.probe;

import java.util.Locale;

/**
 * What a failed probe means for the region. Both make the dependency unhealthy; only an outage may
 * move a region: a rejection (our credentials, our certificate trust, our request) is fixed by
 * rotating a secret, and failing over would carry the same secret to the DR region.
 */
public enum FailureClass {
    /** Refused, reset, timeout, name not resolved, 5xx, server shutting down. */
    OUTAGE,
    /** Authentication or authorization refused, unknown user or database, TLS certificate or host-name mismatch, other 4xx. */
    REJECTED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
