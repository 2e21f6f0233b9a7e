package io.saasagent.health;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.saasagent.probe.http.OpenMeterApi;

import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * The dependencies of {@link HealthSurfaceProfile}: the API container and OpenMeter stubbed by one
 * WireMock, plus the machine's real NATS (tcp and nats probes) and Redis. {@code api} and {@code edge}
 * are critical; {@code billing} (OpenMeter, a rejected key), {@code cache} and {@code queue} are not.
 * Every credential holds {@link #CANARY}, which must never appear in an answer or a log line.
 */
public class StubDependencies implements QuarkusTestResourceLifecycleManager {
    public static final String CANARY = "Zq8canary";
    static final String CANARY_KEY = "om_live_" + CANARY + "Key";
    static final String CANARY_PASSWORD = CANARY + "Pw";
    static final String CANARY_USERINFO = "meter:" + CANARY + "Url";

    private static WireMockServer wireMock;

    /** Makes the critical {@code api} dependency answer {@code status} from now on. */
    static void apiAnswers(int status) {
        wireMock.stubFor(get(urlPathEqualTo("/api/healthz")).willReturn(aResponse().withStatus(status).withBody("{\"ok\":true}")));
    }

    @Override
    public Map<String, String> start() {
        wireMock = OpenMeterApi.server();
        apiAnswers(200);
        OpenMeterApi.meters(wireMock, CANARY_KEY, OpenMeterApi.problem(401, "Unauthorized"));
        int port = wireMock.port();

        Map<String, String> config = new HashMap<>();
        dependency(config, "api", "http", "http://127.0.0.1:" + port + "/api/healthz", true, "300ms", "250ms");
        config.put("agent.dependencies.api.circuit.open-duration", "1s");
        config.put("agent.dependencies.api.circuit.max-open-duration", "2s");
        dependency(config, "edge", "tcp", "tcp://127.0.0.1:4222", true, "500ms", "400ms");
        dependency(config, "billing", "openmeter", "http://" + CANARY_USERINFO + "@127.0.0.1:" + port + "/", false, "300ms", "250ms");
        config.put("agent.dependencies.billing.api-key", CANARY_KEY);
        dependency(config, "cache", "redis", "redis://:" + CANARY + "Url@127.0.0.1:6379", false, "500ms", "400ms");
        config.put("agent.dependencies.cache.password", CANARY_PASSWORD);
        dependency(config, "queue", "nats", "nats://127.0.0.1:4222", false, "1s", "800ms");
        config.put("agent.dependencies.queue.mirrors.ORDERS", "ORDERS_DR");
        return config;
    }

    private static void dependency(Map<String, String> config, String name, String type, String url, boolean critical,
                                   String interval, String timeout) {
        String prefix = "agent.dependencies." + name + ".";
        config.put(prefix + "type", type);
        config.put(prefix + "url", url);
        config.put(prefix + "critical", Boolean.toString(critical));
        config.put(prefix + "interval", interval);
        config.put(prefix + "timeout", timeout);
    }

    @Override
    public void stop() {
        if (wireMock != null) {
            wireMock.stop();
        }
    }
}
