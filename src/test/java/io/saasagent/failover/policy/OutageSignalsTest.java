package io.saasagent.failover.policy;

import io.saasagent.config.DependencyType;
import io.saasagent.probe.ProbeResult;
import io.saasagent.state.DependencyEvent;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.DependencyState;
import io.saasagent.state.DependencyStatus;
import io.saasagent.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules fed by real dependency states, one probe result at a time: one threshold (the
 * dependency's own), outages apart from rejections, and who may move a region.
 */
@Timeout(5)
class OutageSignalsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<DependencyEvent> events = new ArrayList<>();

    private static final RuleSpec HEALTH_CHECK_FAILURE = new RuleSpec("health_check_failure", RuleSpec.Signal.CONSECUTIVE_FAILURES,
            List.of(), 0, null, RuleSpec.Action.DNS_FAILOVER, "critical", 3, true);
    private static final RuleSpec CREDENTIALS_REJECTED = new RuleSpec("credentials_rejected", RuleSpec.Signal.REJECTED,
            List.of(), 0, null, RuleSpec.Action.ALERT, "critical", 3, true);
    private static final RuleSpec NATS_CLUSTER_DOWN = new RuleSpec("nats_cluster_down", RuleSpec.Signal.ALL_UNREACHABLE,
            List.of(), 1, null, RuleSpec.Action.ALERT, "critical", 3, true);

    private final PolicyRules rules = new PolicyRules(List.of(HEALTH_CHECK_FAILURE, CREDENTIALS_REJECTED, NATS_CLUSTER_DOWN),
            "dr", Duration.ofMinutes(5));

    private DependencyState state(String name, DependencyType type, int failureThreshold, boolean failover) {
        return new DependencyState(new DependencyState.Settings(name, type, true, failureThreshold, 2, Duration.ofSeconds(30), 2.0,
                Duration.ofMinutes(2), Duration.ofMinutes(5), failover), clock, events::add);
    }

    private List<RuleEvaluation> probe(DependencyState state, ProbeResult result) {
        state.permitProbe();
        state.record(result);
        clock.advance(Duration.ofSeconds(10));
        return rules.evaluate(List.of(state.snapshot()), clock.instant());
    }

    private ProbeResult refused() {
        return ProbeResult.down(Duration.ofMillis(3), "connection refused", Map.of(), clock.instant());
    }

    private ProbeResult wrongPassword() {
        return ProbeResult.rejected(Duration.ofMillis(3), "authentication failed: password authentication failed for user \"agent\"",
                Map.of(), clock.instant());
    }

    @Test
    void theFailoverRuleFiresOnTheFifthFailureTogetherWithTheStatusChange() {
        DependencyState db = state("db", DependencyType.POSTGRES, 5, true);
        for (int i = 1; i <= 4; i++) {
            assertThat(probe(db, refused())).as("failure " + i + ": no edge").isEmpty();
            assertThat(db.snapshot().status()).isNotIn(DependencyStatus.UNHEALTHY, DependencyStatus.CIRCUIT_OPEN);
        }
        List<RuleEvaluation> edges = probe(db, refused());
        assertThat(db.snapshot().status()).as("5th failure").isIn(DependencyStatus.UNHEALTHY, DependencyStatus.CIRCUIT_OPEN);
        assertThat(edges).singleElement().satisfies(e -> {
            assertThat(e.rule().name()).isEqualTo("health_check_failure");
            assertThat(e.firing()).isTrue();
            assertThat(e.involved()).containsExactly("db");
            assertThat(e.value()).isEqualTo(5);
        });
        assertThat(rules.firingFailoverRules()).containsExactly("health_check_failure");
    }

    @Test
    void rejectedCredentialsNeverFailOverAndRaiseCredentialsRejected() {
        DependencyState db = state("db", DependencyType.POSTGRES, 3, true);
        for (int i = 0; i < 10; i++) {
            probe(db, wrongPassword());
            assertThat(rules.firingFailoverRules()).as("probe " + (i + 1)).isEmpty();
        }
        DependencySnapshot s = db.snapshot();
        assertThat(s.down()).isTrue();
        assertThat(s.failureClass().id()).isEqualTo("rejected");
        RuleEvaluation rejected = rules.current().get("credentials_rejected");
        assertThat(rejected.firing()).isTrue();
        assertThat(rejected.involved()).containsExactly("db");
        assertThat(rejected.reason()).contains("db rejects the agent").contains("agent.dependencies.db.password-file");
        assertThat(rules.current().get("health_check_failure").firing()).isFalse();
    }

    @Test
    void aDependencyDownFromRejectionsThatThenTimesOutIsAnOutage() {
        DependencyState db = state("db", DependencyType.POSTGRES, 3, true);
        for (int i = 0; i < 3; i++) {
            probe(db, wrongPassword());
        }
        probe(db, refused()); // circuit half-open trial (clock passed the open duration) or another failure
        clock.advance(Duration.ofMinutes(1));
        probe(db, refused());
        assertThat(db.snapshot().failureClass().id()).isEqualTo("outage");
        assertThat(rules.firingFailoverRules()).containsExactly("health_check_failure");
        assertThat(rules.current().get("credentials_rejected").firing()).isFalse();
    }

    @Test
    void natsDownRaisesOnlyNatsClusterDown() {
        DependencyState nats = state("nats", DependencyType.NATS, 3, false);
        for (int i = 0; i < 5; i++) {
            probe(nats, refused());
        }
        assertThat(nats.snapshot().down()).isTrue();
        assertThat(rules.current().get("nats_cluster_down").firing()).isTrue();
        assertThat(rules.firingFailoverRules()).isEmpty();
    }
}
