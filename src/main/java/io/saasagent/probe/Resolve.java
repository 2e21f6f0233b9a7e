package io.saasagent.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Name resolution inside a probe's timeout: the JDK's resolver blocks as long as the system's
 * resolver does (seconds per unanswered server), which a socket's connect timeout does not bound.
 */
public final class Resolve {
    private Resolve() {
    }

    /** {@code host:port}, resolved within {@code timeout} (a literal address resolves at once). */
    public static InetSocketAddress within(String host, int port, Duration timeout) throws IOException {
        CompletableFuture<InetAddress> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        try {
            return new InetSocketAddress(lookup.get(timeout.toNanos(), TimeUnit.NANOSECONDS), port);
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("name resolution of " + host + " took longer than " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted resolving " + host);
        }
    }

    /** What is left of {@code timeout} since {@code startNanos}, at least 1 ms. */
    public static int remainingMillis(Duration timeout, long startNanos) {
        return (int) Math.max(1, timeout.minus(Latency.since(startNanos)).toMillis());
    }
}
