package io.saasagent.health;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.saasagent.testing.Await;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A canary in every credential of the profile (OpenMeter API key, Redis password, URL userinfo of an
 * OpenMeter and a Redis URL): once those dependencies have failed and the failures were logged, the
 * canary is in no HTTP answer (bodies and headers) and in no log line.
 */
@QuarkusTest
@TestProfile(HealthSurfaceProfile.class)
@Timeout(90)
class CanarySecretTest {
    private static final List<String> PATHS = List.of("/health/saas", "/health/failover", "/health/live", "/health/ready",
            "/metrics", "/failover", "/status", "/q/health", "/q/health/live", "/q/health/ready", "/q/health/group/nope", "/health/nope");

    @Test
    void theCanaryIsInNoAnswerAndNoLogLine() throws Exception {
        Await.until(Duration.ofSeconds(30), "billing (rejected key) and cache failed",
                () -> "circuit_open".equals(HealthJson.saas().dependencyStatus("billing"))
                        && (Integer) HealthJson.saas().dependency("cache").get("consecutive_failures") > 0);
        Path log = Path.of(HealthSurfaceProfile.LOG_FILE);
        Await.until(Duration.ofSeconds(10), "the failures logged",
                () -> Files.exists(log) && readQuietly(log).contains("dependency billing: circuit closed -> open"));

        for (String path : PATHS) {
            Response response = get(path);
            assertThat(response.asString()).as(path).doesNotContain(StubDependencies.CANARY);
            assertThat(response.headers().toString()).as(path + " headers").doesNotContain(StubDependencies.CANARY);
        }
        assertThat(HealthJson.saas().dependency("billing").get("last_error")).asString().startsWith("unauthorized");

        String lines = Files.readString(log);
        assertThat(lines).contains("probing billing (openmeter) http://127.0.0.1:");
        assertThat(lines).doesNotContain(StubDependencies.CANARY);
    }

    /** Defence in depth: even a careless log line quoting a credential is masked by the log filter. */
    @Test
    void aLogLineQuotingACredentialIsMaskedByTheFilter() {
        String marker = "careless-line-" + System.nanoTime();
        Logger.getLogger("io.saasagent.canary").warnf("%s key=%s url=%s", marker, StubDependencies.CANARY_KEY,
                "redis://:" + StubDependencies.CANARY_PASSWORD + "@cache:6379");
        Path log = Path.of(HealthSurfaceProfile.LOG_FILE);

        String line = Await.value(Duration.ofSeconds(10), "the careless line in the log file",
                () -> readQuietly(log).lines().filter(l -> l.contains(marker)).findFirst());

        assertThat(line).doesNotContain(StubDependencies.CANARY).contains("key=*** url=redis://***@cache:6379");
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
