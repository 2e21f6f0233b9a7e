package io.saasagent.config;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RegionChecksTest {

    private static Map<String, String> standby() {
        Map<String, String> p = new HashMap<>();
        p.put("agent.dependencies.dr.type", "http");
        p.put("agent.dependencies.dr.url", "http://127.0.0.1:9/health");
        p.put("agent.dependencies.primary-api.type", "http");
        p.put("agent.dependencies.primary-api.url", "http://127.0.0.1:9/health");
        p.put("agent.failover.mode", "active");
        p.put("agent.failover.record", "api.example.test");
        p.put("agent.failover.primary-target", "192.0.2.10");
        p.put("agent.failover.dr-target", "198.51.100.10");
        p.put("agent.failover.dr-dependency", "dr");
        p.put("agent.failover.rfc2136.zone", "example.test");
        p.put("agent.failover.rfc2136.tsig-key-name", "agent");
        p.put("agent.failover.rfc2136.tsig-secret", "c2VjcmV0");
        p.put("agent.region.name", "eu-central-1");
        p.put("agent.region.role", "standby");
        p.put("agent.region.primary-dependency", "primary-api");
        return p;
    }

    @Test
    void aStandbyWithItsPrimaryEndpointIsValid() {
        AgentConfig config = TestConfigs.agent(standby());
        assertThat(ConfigValidator.validate(config)).isEmpty();
        assertThat(config.region().takeoverAfter()).hasSeconds(90);
        assertThat(config.region().fenceAfter()).hasSeconds(30);
        assertThat(config.region().heartbeatInterval()).hasSeconds(10);
    }

    @Test
    void noRoleByDefault() {
        assertThat(TestConfigs.agent(Map.of()).region().role()).isEqualTo("none");
    }

    @Test
    void aTakeOverThatCouldRaceALivePrimaryNamesTheKey() {
        Map<String, String> p = standby();
        p.put("agent.region.takeover-after", "45s");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::toString)
                .containsExactly("agent.region.takeover-after: must exceed fence-after + 2 x heartbeat-interval (PT50S)");
    }

    @Test
    void aStandbyNeedsThePrimaryEndpointAndARegionName() {
        Map<String, String> p = standby();
        p.remove("agent.region.primary-dependency");
        p.remove("agent.region.name");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::key)
                .containsExactlyInAnyOrder("agent.region.primary-dependency", "agent.region.name");
    }

    @Test
    void rolesAreForActiveModeAndAWitnessNeedsItsCheck() {
        Map<String, String> p = standby();
        p.put("agent.failover.mode", "passive");
        p.put("agent.region.witness", "route53-health-check");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::key)
                .containsExactlyInAnyOrder("agent.region.role", "agent.region.witness-health-check-id");
    }

    @Test
    void unknownRoleNamesTheChoices() {
        Map<String, String> p = standby();
        p.put("agent.region.role", "secondary");
        assertThat(TestConfigs.errors(p)).extracting(ConfigError::toString)
                .anySatisfy(e -> assertThat(e).startsWith("agent.region.role:").contains("secondary"));
    }
}
