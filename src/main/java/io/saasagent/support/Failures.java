package io.saasagent.support;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Turns an exception from a client library into a short, stable reason (to pass through the
 * {@link Redactor} before it is stored or logged). Every layer words failures alike with it.
 */
public final class Failures {
    private Failures() {
    }

    /** An exception whose message is already the whole reason (a malformed reply...). */
    public interface Worded {
    }

    /** The one wording of a timeout, so that every layer (probe, loop) reports it alike. */
    public static String timeout(Duration timeout) {
        return "timeout after " + timeout.toMillis() + " ms";
    }

    /** A dependency that refused the credentials: a distinct reason, since it is not an outage of the dependency. */
    public static String authentication(String detail) {
        return "authentication failed: " + detail;
    }

    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof Worded) {
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
