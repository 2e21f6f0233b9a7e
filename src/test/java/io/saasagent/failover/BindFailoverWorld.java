package io.saasagent.failover;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.saasagent.testing.FreePorts;
import io.saasagent.testing.PrivateBind;
import io.saasagent.testing.PrivateRedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The world of the end-to-end failover test, started before the agent: a real BIND 9 holding
 * {@code api.example.test. A 192.0.2.10}, a private redis-server (the primary's critical dependency,
 * killed by the test), and an HTTP endpoint standing for the DR region. The agent is configured in
 * active mode against them, with probes every 200 ms.
 *
 * <p>The test reaches these servers only through configuration values (the redis pid, the BIND
 * address and log), because a test resource and a {@code @QuarkusTest} do not share static state.
 *
 * <p>redis is probed by the real redis probe (PING on its long-lived connection), the DR region's
 * endpoint by the real http probe (GET /health/saas, 2xx).
 */
public class BindFailoverWorld implements QuarkusTestResourceLifecycleManager {
    static final String TOKEN = "test-admin-" + UUID.randomUUID();

    private PrivateBind bind;
    private PrivateRedis redis;
    private HttpServer dr;

    @Override
    public Map<String, String> start() {
        bind = new PrivateBind().start();
        redis = new PrivateRedis().start();
        dr = drRegion();
        Map<String, String> p = FailoverAgentConfig.properties("active", redis.url(),
                "http", "http://127.0.0.1:" + dr.getAddress().getPort() + "/health/saas");
        for (String d : new String[] {"redis", "dr-api"}) {
            p.put("agent.dependencies." + d + ".interval", "200ms");
            p.put("agent.dependencies." + d + ".timeout", "150ms");
            // Short open circuit: probes keep running (and failing) while the fault persists.
            p.put("agent.dependencies." + d + ".circuit.open-duration", "200ms");
            p.put("agent.dependencies." + d + ".circuit.max-open-duration", "200ms");
        }
        p.put("agent.failover.provider", "rfc2136");
        p.put("agent.failover.primary-target", PrivateBind.PRIMARY);
        p.put("agent.failover.dr-target", PrivateBind.DR);
        p.put("agent.failover.rfc2136.server", bind.server());
        p.put("agent.failover.rfc2136.zone", bind.zone());
        p.put("agent.failover.rfc2136.tsig-key-name", PrivateBind.KEY);
        p.put("agent.failover.rfc2136.tsig-secret", bind.secret());
        p.put("agent.admin.token", TOKEN);
        p.put("test.redis.pid", Long.toString(redis.pid()));
        p.put("test.bind.log", bind.logFile().toString());
        return p;
    }

    @Override
    public void stop() {
        if (dr != null) {
            dr.stop(0);
        }
        if (redis != null) {
            redis.close();
        }
        if (bind != null) {
            bind.close();
        }
    }

    private static HttpServer drRegion() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
            server.createContext("/", exchange -> {
                byte[] body = "{\"status\":\"healthy\",\"region\":\"dr\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
