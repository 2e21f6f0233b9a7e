package io.saasagent.health;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.saasagent.testing.FaultProxy;
import io.saasagent.testing.FreePorts;

import java.util.List;
import java.util.Map;

/**
 * A critical {@code dr} endpoint behind a blackholing proxy (accepts, never answers) with a 15 s
 * timeout, probed every 20 s, beside a healthy {@code edge} (tcp to the machine's NATS). The first
 * probe round therefore ends 15 s after start (long enough that a loaded machine
 * still finds it hung when the first test runs).
 */
public class HangingDependencyProfile implements QuarkusTestProfile {
    static final int TIMEOUT_SECONDS = 15;

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Blackhole.class));
    }

    /** Starts the blackholing proxy and configures the dependencies pointing at it. */
    public static class Blackhole implements QuarkusTestResourceLifecycleManager {
        static FaultProxy proxy;

        @Override
        public Map<String, String> start() {
            // Nothing listens behind it; in BLACKHOLE mode the proxy never connects upstream.
            proxy = FaultProxy.to(FreePorts.next()).set(FaultProxy.Mode.BLACKHOLE);
            return Map.of(
                    "agent.dependencies.dr.type", "http",
                    "agent.dependencies.dr.url", "http://" + proxy.hostPort() + "/healthz",
                    "agent.dependencies.dr.critical", "true",
                    "agent.dependencies.dr.timeout", TIMEOUT_SECONDS + "s",
                    "agent.dependencies.dr.interval", "20s",
                    "agent.dependencies.edge.type", "tcp",
                    "agent.dependencies.edge.url", "tcp://127.0.0.1:4222",
                    "agent.dependencies.edge.interval", "1s",
                    "agent.dependencies.edge.timeout", "500ms");
        }

        @Override
        public void stop() {
            if (proxy != null) {
                proxy.close();
            }
        }
    }
}
