package io.saasagent.probe;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Turns an exception from a client library into a short, stable reason (redacted by ProbeResult). */
public final class Failures {
    private Failures() {
    }

    /** The one wording of a timeout, so that every layer (probe, loop) reports it alike. */
    public static String timeout(java.time.Duration timeout) {
        return "timeout after " + timeout.toMillis() + " ms";
    }

    /** A dependency that refused the credentials: a distinct reason, since it is not an outage of the dependency. */
    public static String authentication(String detail) {
        return "authentication failed: " + detail;
    }

    /** The failed result of a check that began at {@code startNanos} (System.nanoTime). */
    static ProbeResult down(ProbeTarget target, long startNanos, String reason) {
        return ProbeResult.down(Latency.since(startNanos), reason, java.util.Map.of(), target.clock().instant());
    }

    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof MalformedReply) {
            return root.getMessage();
        }
        String kind;
        if (root instanceof ConnectException) {
            kind = "connection refused";
        } else if (root instanceof SocketTimeoutException) {
            kind = "timeout";
        } else if (root instanceof UnknownHostException) {
            kind = "unknown host";
        } else {
            kind = root.getClass().getSimpleName();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? kind : kind + ": " + message;
    }
}
