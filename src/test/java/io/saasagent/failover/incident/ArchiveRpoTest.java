package io.saasagent.failover.incident;

import io.saasagent.config.DependencyType;
import io.saasagent.config.TestConfigs;
import io.saasagent.failover.policy.FailoverSettings;
import io.saasagent.probe.postgres.WalArchive;
import io.saasagent.state.CircuitState;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.DependencyStatus;
import io.saasagent.state.WindowStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Postgres RPO entry of /failover's contracts: the worst measured figure against rpo-objective, never a zero for "unknown". */
@Timeout(10)
class ArchiveRpoTest {
    private static final FailoverSettings SETTINGS = FailoverSettings.from(TestConfigs.valid(Map.of("agent.failover.rpo-objective", "5m")));

    private static DependencySnapshot postgres(String name, WalArchive archive, DependencyStatus status) {
        Map<String, Object> details = archive == null ? Map.of() : Map.of(WalArchive.KEY, archive);
        return new DependencySnapshot(name, DependencyType.POSTGRES, true, status, CircuitState.CLOSED, 0, 1, null, Instant.EPOCH,
                null, null, null, details, WindowStats.EMPTY, 1);
    }

    private static WalArchive archive(Double rpo) {
        return new WalArchive(rpo, rpo, 0L, 0L, false, null, Map.of("mode", "on"));
    }

    @Test
    void theWorstArchiveAgainstTheObjective() {
        Map<String, Object> pass = ArchiveRpo.contract(List.of(postgres("a", archive(12.0), DependencyStatus.HEALTHY)), SETTINGS);
        assertThat(pass).containsEntry("verdict", "PASS").containsEntry("lag_seconds", 12.0).containsEntry("objective_seconds", 300.0);
        Map<String, Object> fail = ArchiveRpo.contract(List.of(postgres("a", archive(12.0), DependencyStatus.HEALTHY),
                postgres("b", archive(300.0), DependencyStatus.HEALTHY)), SETTINGS);
        assertThat(fail).containsEntry("verdict", "FAIL").containsEntry("lag_seconds", 300.0);
    }

    @Test
    void unmeasuredIsNotApplicableWithTheReasonNeverZero() {
        WalArchive off = new WalArchive(null, null, null, null, false, "archive_mode is off", Map.of("mode", "off"));
        Map<String, Object> m = ArchiveRpo.contract(List.of(postgres("a", off, DependencyStatus.HEALTHY),
                postgres("b", null, DependencyStatus.UNHEALTHY)), SETTINGS);
        assertThat(m).containsEntry("verdict", "N/A");
        assertThat(m.get("lag_seconds")).isNull();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> deps = (Map<String, Map<String, Object>>) m.get("dependencies");
        assertThat(deps.get("a")).containsEntry("reason", "archive_mode is off");
        assertThat((String) deps.get("b").get("reason")).contains("not measured").contains("unhealthy");
        assertThat(ArchiveRpo.contract(List.of(), SETTINGS)).containsEntry("verdict", "N/A");
    }
}
