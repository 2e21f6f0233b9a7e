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

    /**
     * The provider accepted the change (it has an id) but did not report it applied within its wait: never
     * submitted again (a resubmit is a second change, and another wait), only read back later.
     */
    public static final class Accepted extends DnsException {
        private final String changeId;

        public Accepted(String message, String changeId) {
            super(message, false);
            this.changeId = changeId;
        }

        public String changeId() {
            return changeId;
        }
    }

    /**
     * A {@link RecordSwap} lost: the zone did not hold what the swap expected (another writer moved first), and
     * nothing of it was applied. Never retried: the loser re-reads the zone and stands down.
     */
    public static final class CasLost extends DnsException {
        public CasLost(String message) {
            super("compare-and-set lost: " + message, false);
        }
    }
}
