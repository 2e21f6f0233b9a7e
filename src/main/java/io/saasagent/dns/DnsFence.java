package io.saasagent.dns;

/**
 * Asked right before every submit to a provider, retries included: a writer that lost the lease
 * (or its quorum) between two attempts stops there, so no submit ever rests on an old confirmation.
 */
@FunctionalInterface
public interface DnsFence {
    /** For tools and tests that write without a fleet. */
    DnsFence NONE = () -> { };

    void check() throws Fenced;

    /** The fence said no; the message says why. Never retried. */
    final class Fenced extends DnsException {
        public Fenced(String message) {
            super("fenced: " + message, false);
        }
    }
}
