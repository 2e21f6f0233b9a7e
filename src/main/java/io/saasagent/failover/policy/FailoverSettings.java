package io.saasagent.failover.policy;

import io.saasagent.config.AgentConfig;

import java.time.Duration;
import java.util.List;

/**
 * The configuration values the failover engine needs, resolved once, so that the engine can be
 * built without Quarkus (unit and multi-agent tests: {@code FailoverSettings.from(TestConfigs.agent(map))}).
 *
 * @param record        the record to move (absolute name); null when none is configured (dry-run/passive)
 * @param drDependency  the dependency probing the DR target; null when none is configured
 * @param metricsWindow {@code agent.metrics.window}: the window the dependency snapshots carry
 * @param requestTtl     how long a queued trigger or failback may wait for the holder
 * @param verifyInterval how often the holder reads the record (drift), and the pace of a failed write's next try
 * @param successThresholds each dependency's {@code success-threshold}: how long an incident's condition must stay clear
 */
public record FailoverSettings(FailoverMode mode, String provider, String record, String recordType, long ttl,
                               String primaryTarget, String drTarget, String drDependency, Duration cooldown,
                               boolean forceOwnership, Duration recoveryObjective, Duration rpoObjective, Duration rpoWarn,
                               List<RuleSpec> rules, List<Integer> failbackSteps, Duration failbackHold, Duration metricsWindow,
                               Duration requestTtl, Duration verifyInterval, java.util.Map<String, Integer> successThresholds) {

    public FailoverSettings {
        successThresholds = java.util.Map.copyOf(successThresholds);
        rules = List.copyOf(rules);
        failbackSteps = List.copyOf(failbackSteps);
    }

    public static FailoverSettings from(AgentConfig config) {
        AgentConfig.Failover f = config.failover();
        List<RuleSpec> rules = f.rules().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> RuleSpec.from(e.getKey(), e.getValue())).toList();
        return new FailoverSettings(FailoverMode.parse(f.mode()), f.provider(), f.record().map(FailoverSettings::absolute).orElse(null),
                f.recordType(), f.ttl(), f.primaryTarget().orElse(null), f.drTarget().orElse(null), f.drDependency().orElse(null),
                f.cooldown(), f.forceOwnership(), f.recoveryObjective(), f.rpoObjective(), f.rpoWarn(), rules,
                f.failback().steps(), f.failback().hold(), config.metrics().window(), f.requestTtl(), f.verifyInterval(),
                config.dependencies().entrySet().stream().collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey,
                        e -> e.getValue().successThreshold())));
    }

    /** A copy in another mode (tests, and the multi-agent harness). */
    public FailoverSettings withMode(FailoverMode other) {
        return new FailoverSettings(other, provider, record, recordType, ttl, primaryTarget, drTarget, drDependency, cooldown,
                forceOwnership, recoveryObjective, rpoObjective, rpoWarn, rules, failbackSteps, failbackHold, metricsWindow,
                requestTtl, verifyInterval, successThresholds);
    }

    /** The dependency's {@code success-threshold} (2 when it is not configured here). */
    public int successThreshold(String dependency) {
        return successThresholds.getOrDefault(dependency, 2);
    }

    /** Whether a record and both targets are configured, so that there is something to move. */
    public boolean hasTarget() {
        return record != null && primaryTarget != null && drTarget != null;
    }

    private static String absolute(String name) {
        String n = name.strip();
        return n.endsWith(".") ? n : n + ".";
    }
}
