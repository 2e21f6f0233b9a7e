package io.saasagent.health;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.saasagent.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * /health/saas with the SPEC's JSON and its 200/503 rule, the Kubernetes probes under /health and
 * /q/health, and 404 for every unknown path, against probes of real and stubbed dependencies.
 */
@QuarkusTest
@TestProfile(HealthSurfaceProfile.class)
@Timeout(90)
class HealthSaasTest {
    private static final List<String> DEPENDENCY_KEYS = List.of("status", "circuit", "consecutive_failures", "consecutive_successes",
            "latency_ms", "last_success", "last_failure", "last_error", "details");

    /** The critical ones up, the OpenMeter one refused: the steady state of the profile. */
    @BeforeEach
    void steadyState() {
        Await.until(Duration.ofSeconds(30), "api and edge healthy, billing circuit open", () -> {
            HealthJson.Answer a = HealthJson.saas();
            return "healthy".equals(a.dependencyStatus("api")) && "healthy".equals(a.dependencyStatus("edge"))
                    && "circuit_open".equals(a.dependencyStatus("billing"));
        });
    }

    @AfterEach
    void apiBack() {
        StubDependencies.apiAnswers(200);
        Await.until(Duration.ofSeconds(30), "api healthy again", () -> "healthy".equals(HealthJson.saas().dependencyStatus("api")));
    }

    @Test
    void theJsonHasTheSpecShapeAndANonCriticalDependencyDownStays200() {
        // An answer whose last api and edge probes succeeded (on a busy machine one may time out now and then).
        HealthJson.Answer answer = Await.value(Duration.ofSeconds(30), "api and edge with a successful last probe", () -> {
            HealthJson.Answer a = HealthJson.saas();
            return Integer.valueOf(0).equals(a.dependency("api").get("consecutive_failures"))
                    && Integer.valueOf(0).equals(a.dependency("edge").get("consecutive_failures")) ? Optional.of(a) : Optional.empty();
        });

        assertThat(answer.status()).isEqualTo(200);
        List<String> keys = new ArrayList<>(answer.body().keySet());
        assertThat(keys).containsExactly("status", "api", "billing", "cache", "edge", "queue", "failover");
        assertThat(answer.body().get("status")).as("a non-critical dependency is down").isEqualTo("degraded");
        for (String dependency : keys.subList(1, keys.size() - 1)) {
            assertThat(answer.dependency(dependency)).as(dependency).containsKeys(DEPENDENCY_KEYS.toArray(String[]::new));
        }

        Map<String, Object> edge = answer.dependency("edge");
        assertThat(edge).containsEntry("circuit", "closed").containsEntry("consecutive_failures", 0).containsEntry("last_error", null);
        assertThat((Integer) edge.get("consecutive_successes")).isPositive();
        assertThat(((Number) edge.get("latency_ms")).doubleValue()).isBetween(0.0, 400.0);
        assertThat(Instant.parse((String) edge.get("last_success"))).isBefore(Instant.now().plusSeconds(1));

        Map<String, Object> billing = answer.dependency("billing");
        assertThat(billing).containsEntry("circuit", "open").containsEntry("last_success", null);
        assertThat((String) billing.get("last_error")).startsWith("unauthorized");
        assertThat(billing.get("details")).isEqualTo(Map.of("status_code", 401, "unauthorized", true));
        assertThat((Integer) billing.get("consecutive_failures")).isGreaterThanOrEqualTo(3);

        assertThat(answer.dependency("api").get("details")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("status_code", 200);
        assertThat(answer.body().get("failover")).isInstanceOf(Map.class);
    }

    @Test
    void aCriticalDependencyDownIs503WhileTheKubernetesProbesStayUp() {
        StubDependencies.apiAnswers(500);

        HealthJson.Answer down = Await.value(Duration.ofSeconds(30), "/health/saas 503", () -> {
            HealthJson.Answer a = HealthJson.saas();
            return a.status() == 503 ? Optional.of(a) : Optional.empty();
        });
        assertThat(down.body().get("status")).isEqualTo("unhealthy");
        assertThat(down.dependencyStatus("api")).isIn("unhealthy", "circuit_open");
        assertThat((String) down.dependency("api").get("last_error")).isEqualTo("unexpected HTTP status 500");
        // A shared dependency down must not pull every pod: readiness ignores it by default.
        for (String path : List.of("/health/live", "/health/ready", "/q/health/live", "/q/health/ready")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(200);
        }

        StubDependencies.apiAnswers(200);
        Await.until(Duration.ofSeconds(30), "/health/saas 200 again", () -> HealthJson.saas().status() == 200);
    }

    @Test
    void liveAndReadyReportTheAgentsOwnChecks() {
        for (String root : List.of("/health", "/q/health")) {
            HealthJson.Answer live = HealthJson.get(root + "/live");
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.body()).containsEntry("status", "UP");
            assertThat(live.body().toString()).contains("probe-loops");

            HealthJson.Answer ready = HealthJson.get(root + "/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.body().toString()).contains("first_probe_round=true");
        }
    }

    @Test
    void unknownPathsUnderHealthAnswer404() {
        for (String path : List.of("/health", "/health/", "/health/nope", "/health/saas/extra", "/health/liveness",
                "/q/health/group/nope", "/q/health/group/nope/", "/q/health/group/live", "/q/health/nope", "/nope",
                "/q/health/started", "/q/health/started/", "/q/health/well", "/q/health/group", "/q/health/group/")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(get("/q/health").statusCode()).isEqualTo(200);
    }
}
