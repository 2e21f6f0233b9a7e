package io.saasagent.probe;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Turns an exception from a client library into a short, stable reason (redacted by ProbeResult). */
public final class Failures {
    private Failures() {
    }

    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
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
