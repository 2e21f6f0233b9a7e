package io.saasagent.failover;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.saasagent.alerting.Alert;
import io.saasagent.testing.Await;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * DR readiness where the failover reports: GET /failover carries {@code dr_readiness}, and every
 * firing failover alert carries it in its evidence, so whoever is paged sees whether the DR region is
 * ready. This agent has no cluster checks configured, and says so rather than "ready".
 */
@QuarkusTest
@TestProfile(PassiveNoTokenProfile.class)
class FailoverDrReadinessTest {

    /** Records every Alert the agent fires (a CDI observer, as the notifiers are). */
    @ApplicationScoped
    public static class AlertRecorder {
        static final List<Alert> ALERTS = new CopyOnWriteArrayList<>();

        void on(@Observes Alert alert) {
            ALERTS.add(alert);
        }
    }

    @Test
    @Timeout(30)
    void theFiredFailoverReportsDrReadiness() {
        Await.until(Duration.ofSeconds(15), "the failover policy fired",
                () -> given().get("/health/failover").then().extract().statusCode() == 503);
        given().get("/failover").then().statusCode(200)
                .body("dr_readiness.ready", equalTo(false))
                .body("dr_readiness.note", equalTo("no agent.cluster-checks configured"));
        Alert fired = Await.value(Duration.ofSeconds(10), "the failover alert", () -> AlertRecorder.ALERTS.stream()
                .filter(a -> a.firing() && a.dedupKey().startsWith("saas-agent/failover/")).findFirst());
        assertThat(fired.evidence()).containsEntry("dr_readiness", "no cluster checks configured");
    }
}
