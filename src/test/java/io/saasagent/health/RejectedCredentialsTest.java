package io.saasagent.health;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.saasagent.testing.Await;
import io.saasagent.testing.PrivatePostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole agent, its only critical dependency a real PostgreSQL that refuses the agent's password:
 * ten probes and more, the dependency is unhealthy with failure_class rejected, credentials_rejected
 * fires, and no dns_failover rule does.
 */
@QuarkusTest
@TestProfile(RejectedCredentialsTest.Profile.class)
@Timeout(90)
class RejectedCredentialsTest {
    static final String WRONG = "wrong-Secret-2207";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RefusingPostgres.class));
        }
    }

    public static class RefusingPostgres implements QuarkusTestResourceLifecycleManager {
        private PrivatePostgres server;

        @Override
        public Map<String, String> start() {
            server = new PrivatePostgres().withPasswordUser("app", "right-Secret-2207").start();
            String p = "agent.dependencies.db.";
            Map<String, String> config = new HashMap<>();
            config.put(p + "type", "postgres");
            config.put(p + "url", "postgresql://" + server.hostPort() + "/" + PrivatePostgres.DATABASE);
            config.put(p + "username", "app");
            config.put(p + "password", WRONG);
            config.put(p + "critical", "true");
            config.put(p + "interval", "300ms");
            config.put(p + "timeout", "300ms");
            // Short open periods: the breaker lets a probe through often, so ten are reached quickly.
            config.put(p + "circuit.open-duration", "200ms");
            config.put(p + "circuit.max-open-duration", "300ms");
            config.put("agent.failover.mode", "dry-run");
            return config;
        }

        @Override
        public void stop() {
            server.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void tenRejectedProbesOfACriticalDependencyRaiseCredentialsRejectedAndNoFailover() {
        Await.until(Duration.ofSeconds(60), "ten probes of db refused", () -> {
            Map<String, Object> db = HealthJson.saas().dependency("db");
            return db != null && db.get("window") instanceof Map<?, ?> w && ((Number) w.get("samples")).intValue() >= 10;
        });
        HealthJson.Answer answer = HealthJson.saas();
        Map<String, Object> db = answer.dependency("db");
        assertThat(answer.status()).as("a critical dependency down: 503").isEqualTo(503);
        assertThat(db.get("status")).isIn("unhealthy", "circuit_open");
        assertThat(db).containsEntry("failure_class", "rejected");
        assertThat((String) db.get("last_error")).startsWith("authentication failed").doesNotContain(WRONG);

        Map<String, Object> failover = (Map<String, Object>) answer.body().get("failover");
        assertThat((List<String>) failover.get("firing")).contains("credentials_rejected").doesNotContain("health_check_failure");
        assertThat(failover.get("state")).isEqualTo("armed");
        assertThat(io.restassured.RestAssured.get("/failover").asString()).doesNotContain(WRONG);
    }
}
