package io.saasagent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds free loopback TCP ports.
 *
 * <p>Why: private servers and proxies must never collide with the machine's shared servers nor with
 * other engineers' builds running in parallel, so every port is asked from the kernel. A port is
 * free only at the moment it is checked; to narrow the race within this JVM, a port is never handed
 * out twice. Callers that bind later (external processes) should retry on "address in use".
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** A TCP port on 127.0.0.1 that was free just now and has not been returned before by this JVM. */
    public static int next() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free loopback port", e);
            }
        }
        throw new IllegalStateException("no fresh free loopback port after 50 attempts");
    }
}
