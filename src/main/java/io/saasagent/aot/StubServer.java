package io.saasagent.aot;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

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
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // one failed accept is not the end of the listener
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
