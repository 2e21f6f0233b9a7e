package io.saasagent.probe;

import io.saasagent.support.Failures;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * A probe that holds one long-lived connection of its own. A failed attempt drops the connection
 * (the next check reconnects), and every failure, whatever was thrown, becomes a DOWN result with a
 * short reason: so {@link #check()} never throws.
 */
public abstract class ConnectionProbe implements Probe {
    protected final ProbeTarget target;
    private long credentialsVersion;

    protected ConnectionProbe(ProbeTarget target) {
        this.target = target;
    }

    @Override
    public final ProbeResult check() {
        long start = System.nanoTime();
        long credentials = target.credentialsVersion();
        if (credentials != credentialsVersion) {
            credentialsVersion = credentials;
            reset(); // a rotated secret: the open connection was made with the old one
        }
        try {
            return attempt(start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reset();
            return ProbeFailures.down(target, start, "interrupted");
        } catch (Exception e) {
            reset();
            boolean timedOut = timedOut(e);
            return ProbeFailures.failed(target, start, timedOut ? FailureClass.OUTAGE : classify(e),
                    timedOut ? Failures.timeout(target.timeout()) : reason(e, start));
        }
    }

    /** Connects if needed, asks, judges. May throw anything; {@link #check()} turns it into a result. */
    protected abstract ProbeResult attempt(long startNanos) throws Exception;

    /** The reason of a failure that is not a timeout: protocol-specific wording (authentication...). */
    protected String reason(Exception e, long startNanos) {
        return Failures.describe(e);
    }

    /** Whether a failure that is not a timeout is an outage or a rejection: protocol-specific (authentication...). */
    protected FailureClass classify(Exception e) {
        return ProbeFailures.classify(e);
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
