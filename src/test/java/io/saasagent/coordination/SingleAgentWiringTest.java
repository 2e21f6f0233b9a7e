package io.saasagent.coordination;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** The default test profile runs without Kubernetes (agent.coordination.mode=none): one agent, its own leader. */
@QuarkusTest
@Timeout(60)
class SingleAgentWiringTest {
    @Inject
    Coordinator coordinator;

    @Test
    void withoutKubernetesTheAgentIsItsOwnLeaderAndSaysSo() {
        assertThat(coordinator.isLeader()).isTrue();
        assertThat(coordinator.quorum("health_check_failure").reached()).isTrue();
        assertThat(coordinator.summary()).containsEntry("mode", "single").containsEntry("leader", true)
                .containsEntry("holder", coordinator.identity());
        given().get("/metrics").then().statusCode(200).body(containsString("saas_leader 1.0"));
    }
}
