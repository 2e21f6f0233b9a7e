package io.saasagent.probe;

import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * A probe that holds one long-lived connection of its own. A failed attempt drops the connection
 * (the next check reconnects), and every failure, whatever was thrown, becomes a DOWN result with a
 * short reason: so {@link #check()} never throws.
 */
abstract class ConnectionProbe implements Probe {
    protected final ProbeTarget target;

    ConnectionProbe(ProbeTarget target) {
        this.target = target;
    }

    @Override
    public final ProbeResult check() {
        long start = System.nanoTime();
        try {
            return attempt(start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reset();
            return Failures.down(target, start, "interrupted");
        } catch (Exception e) {
            reset();
            return Failures.down(target, start, timedOut(e) ? Failures.timeout(target.timeout()) : reason(e, start));
        }
    }

    /** Connects if needed, asks, judges. May throw anything; {@link #check()} turns it into a result. */
    protected abstract ProbeResult attempt(long startNanos) throws Exception;

    /** The reason of a failure that is not a timeout: protocol-specific wording (authentication...). */
    protected String reason(Exception e, long startNanos) {
        return Failures.describe(e);
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
