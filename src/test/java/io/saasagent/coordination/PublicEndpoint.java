package io.saasagent.coordination;

import io.saasagent.testing.FaultProxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A region's public endpoint: 200 to every GET, reached through its own fault link (cut it: dark, or a partition). */
final class PublicEndpoint implements AutoCloseable {
    private final com.sun.net.httpserver.HttpServer server;
    final FaultProxy link;

    PublicEndpoint() {
        try {
            server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        link = FaultProxy.to(server.getAddress().getPort());
    }

    /** The health URL through the fault link. */
    String url() {
        return "http://" + link.hostPort() + "/health/saas";
    }

    /** The health URL straight to the server (no fault link). */
    String directUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/health/saas";
    }

    @Override
    public void close() {
        link.close();
        server.stop(0);
    }
}
