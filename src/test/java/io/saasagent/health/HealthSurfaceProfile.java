package io.saasagent.health;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * Shared by the health, metrics and canary tests: five dependencies ({@link StubDependencies}) probed
 * every 0.3-1 s, and every log line also written to {@link #LOG_FILE} for the canary test to read.
 */
public class HealthSurfaceProfile implements QuarkusTestProfile {
    /** One file per test JVM, so that an earlier run's lines never count. */
    public static final String LOG_FILE = "target/health-surface-" + ProcessHandle.current().pid() + ".log";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", LOG_FILE,
                "quarkus.log.category.\"io.saasagent\".level", "DEBUG");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(StubDependencies.class));
    }
}
