package io.saasagent.failover;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.saasagent.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Passive mode through HTTP: once the policy fires, /health/failover answers 503 for the DNS
 * provider's health checker and nothing is written. No token configured: every control call is 403.
 */
@QuarkusTest
@TestProfile(PassiveNoTokenProfile.class)
class FailoverPassiveModeTest {

    @Test
    @Timeout(30)
    void firedPolicyTurnsTheFailoverEndpoint503WithoutAnyWrite() {
        Await.until(Duration.ofSeconds(15), "/health/failover answering 503",
                () -> given().get("/health/failover").then().extract().statusCode() == 503);
        given().get("/health/failover").then().statusCode(503).body("status", equalTo("failover"));
        given().get("/failover").then().statusCode(200)
                .body("state", equalTo("failed_over"))
                .body("mode", equalTo("passive"))
                .body("endpoint", equalTo("failover"))
                .body("fired_rule.name", equalTo("health_check_failure"))
                .body("outcomes.passive", equalTo(1))
                .body("outcomes.written", equalTo(0))
                .body("contracts.api_recovery.verdict", equalTo("N/A"));
        given().get("/health/saas").then().statusCode(503)
                .body("failover.state", equalTo("failed_over"))
                .body("failover.endpoint", equalTo("failover"))
                .body("failover.firing", org.hamcrest.Matchers.hasItem("health_check_failure"));
    }

    @Test
    @Timeout(30)
    void controlEndpointsAreDisabledWithoutAToken() {
        for (String path : new String[] {"/failover/trigger", "/failover/failback", "/failover/arm", "/failover/disarm", "/circuits/api/reset"}) {
            given().header("Authorization", "Bearer anything").post(path).then().statusCode(403)
                    .body("error", containsString("no agent.admin.token configured"));
            given().post(path).then().statusCode(403);
        }
        given().get("/failover").then().statusCode(200).body("recent.message.toString()", containsString("403 (disabled)"));
    }
}
