package io.saasagent.health;

import io.saasagent.config.TestConfigs;
import io.saasagent.config.DependencyType;
import io.saasagent.probe.ProbeResult;
import io.saasagent.state.DependencyRegistry;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.DependencyState;
import io.saasagent.testing.MutableClock;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness: first probe round done; critical dependencies count only with
 * {@code agent.health.readiness-includes-critical=true}, and non-critical ones never.
 */
@Timeout(10)
class AgentHealthChecksTest {
    private final MutableClock clock = new MutableClock();

    private DependencySnapshot probed(String name, boolean critical, boolean up) {
        DependencyState state = new DependencyState(new DependencyState.Settings(name, DependencyType.HTTP, critical, 3, 2,
                Duration.ofSeconds(30), 2.0, Duration.ofMinutes(5), Duration.ofMinutes(5)), clock, e -> { });
        for (int i = 0; i < 3; i++) {
            state.record(up ? ProbeResult.up(Duration.ofMillis(5), Map.of(), clock.instant())
                    : ProbeResult.down(Duration.ofMillis(5), "connection refused", Map.of(), clock.instant()));
        }
        return state.snapshot();
    }

    private HealthCheckResponse readiness(boolean includesCritical, boolean roundDone, DependencySnapshot... snapshots) {
        AgentHealthChecks checks = new AgentHealthChecks();
        checks.config = TestConfigs.agent(Map.of("agent.health.readiness-includes-critical", Boolean.toString(includesCritical)));
        checks.registry = new DependencyRegistry() {
            @Override
            public List<DependencySnapshot> snapshots() {
                return List.of(snapshots);
            }

            @Override
            public boolean firstRoundDone() {
                return roundDone;
            }
        };
        return checks.firstRound().call();
    }

    @Test
    void notReadyBeforeTheFirstProbeRound() {
        assertThat(readiness(false, false, probed("api", true, true)).getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    @Test
    void byDefaultACriticalDependencyDownLeavesThePodReady() {
        assertThat(readiness(false, true, probed("api", true, false)).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void withTheOptionACriticalDependencyDownMakesThePodNotReady() {
        HealthCheckResponse response = readiness(true, true, probed("api", true, false), probed("edge", true, true));

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData()).hasValueSatisfying(data -> assertThat(data).containsEntry("critical_down", "api"));
    }

    @Test
    void withTheOptionANonCriticalDependencyDownDoesNot() {
        assertThat(readiness(true, true, probed("billing", false, false), probed("api", true, true)).getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);
    }
}
