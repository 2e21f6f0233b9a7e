package io.saasagent.aot;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** One loopback listener on a free port; each connection is served on its own daemon thread until it closes. */
abstract class StubServer implements Closeable {
    private final ServerSocket socket;

    StubServer() throws IOException {
        socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, getClass().getSimpleName());
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Talks one client's protocol until the client leaves. */
    abstract void serve(Socket client) throws IOException;

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread t = new Thread(() -> {
                    try (client) {
                        serve(client);
                    } catch (IOException gone) {
                        // the client closed or reset: nothing to answer
                    }
                }, getClass().getSimpleName() + "-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException closedOrFailed) {
                return; // closed, or failing (out of descriptors): the probes meet a refusal, as without stand-ins
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
