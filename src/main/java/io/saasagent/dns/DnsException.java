package io.saasagent.dns;

import java.time.Duration;

/** A provider call that failed; the message is safe to show (no credentials). */
public class DnsException extends Exception {
    private final boolean retryable;
    private final transient Duration retryAfter;

    public DnsException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    /** @param retryAfter the server's own hint (Retry-After) for a busy answer; null when none */
    public DnsException(String message, boolean retryable, Duration retryAfter) {
        super(message, null, false, false);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public boolean retryable() {
        return retryable;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
