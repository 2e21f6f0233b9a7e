package io.saasagent.probe;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A peer that answers with something else than its protocol (here: an HTTP error) is a failed probe with a reason. */
@Timeout(30)
class MalformedReplyTest {
    private static ServerSocket server;
    private static Vertx vertx;

    @BeforeAll
    static void start() throws IOException {
        vertx = Vertx.vertx();
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // closed: the test is over
                }
            }
        }, "http-speaking-peer");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        vertx.close();
    }

    private static ProbeResult check(String type, String scheme, String path) {
        String url = scheme + "://127.0.0.1:" + server.getLocalPort() + path;
        ProbeTarget target = TestTargets.target(type, type, url, Map.of("timeout", "2s"), Clock.systemUTC());
        try (Probe probe = ProbeFactory.create(target, new ProbeContext(vertx))) {
            return probe.check();
        }
    }

    @Test
    void redisNamesTheMalformedReply() {
        ProbeResult r = check("redis", "redis", "");
        assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.DOWN);
        assertThat(r.error()).isEqualTo("malformed reply: unexpected type byte 0x48");
    }

    @Test
    void natsAndPostgresFailWithAShortReason() {
        for (ProbeResult r : new ProbeResult[] {check("nats", "nats", ""), check("postgres", "postgresql", "/db")}) {
            assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.DOWN);
            assertThat(r.error()).isNotBlank().hasSizeLessThan(300).doesNotContain("\n");
        }
    }
}
