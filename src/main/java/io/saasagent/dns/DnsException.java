package io.saasagent.dns;

/** A provider call that failed; the message is safe to show (no credentials). */
public class DnsException extends Exception {
    private final boolean retryable;

    public DnsException(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
