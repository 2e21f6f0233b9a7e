package io.saasagent.probe;

/**
 * Checks one dependency. Implementations keep a long-lived connection where the protocol has one
 * and reconnect after a failure. {@link #check()} must not throw: every failure, a malformed reply
 * included, is a DOWN result with a reason. The caller enforces the hard timeout and calls
 * {@link #reset()} when a check overran it, to drop a connection that may be hung.
 */
public interface Probe extends AutoCloseable {

    ProbeResult check();

    /** Drops any connection; the next check reconnects. */
    default void reset() {
    }

    @Override
    default void close() {
        reset();
    }
}
