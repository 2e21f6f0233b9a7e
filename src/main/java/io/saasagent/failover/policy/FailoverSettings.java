package io.saasagent.failover.policy;

import io.saasagent.config.AgentConfig;
import io.saasagent.config.FailoverConfig;

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
 * @param podLocal       the dependencies that are this pod's own ({@code shared=false}): their alert rules page per pod
 * @param region         {@code agent.region.*}: the two-region roles (role none: one region, today's behaviour)
 */
public record FailoverSettings(FailoverMode mode, String provider, String record, String recordType, long ttl,
                               String primaryTarget, String drTarget, String drDependency, Duration cooldown,
                               boolean forceOwnership, Duration recoveryObjective, Duration rpoObjective, Duration rpoWarn,
                               List<RuleSpec> rules, List<Integer> failbackSteps, Duration failbackHold, Duration metricsWindow,
                               Duration requestTtl, Duration verifyInterval, java.util.Map<String, Integer> successThresholds,
                               java.util.Set<String> podLocal, io.saasagent.region.RegionSettings region) {

    public FailoverSettings {
        successThresholds = java.util.Map.copyOf(successThresholds);
        podLocal = java.util.Set.copyOf(podLocal);
        rules = List.copyOf(rules);
        failbackSteps = List.copyOf(failbackSteps);
        region = region == null ? io.saasagent.region.RegionSettings.none() : region;
    }

    /** Without region roles (role none). */
    public FailoverSettings(FailoverMode mode, String provider, String record, String recordType, long ttl,
                            String primaryTarget, String drTarget, String drDependency, Duration cooldown,
                            boolean forceOwnership, Duration recoveryObjective, Duration rpoObjective, Duration rpoWarn,
                            List<RuleSpec> rules, List<Integer> failbackSteps, Duration failbackHold, Duration metricsWindow,
                            Duration requestTtl, Duration verifyInterval, java.util.Map<String, Integer> successThresholds,
                            java.util.Set<String> podLocal) {
        this(mode, provider, record, recordType, ttl, primaryTarget, drTarget, drDependency, cooldown, forceOwnership, recoveryObjective,
                rpoObjective, rpoWarn, rules, failbackSteps, failbackHold, metricsWindow, requestTtl, verifyInterval, successThresholds,
                podLocal, null);
    }

    public static FailoverSettings from(AgentConfig config) {
        FailoverConfig f = config.failover();
        String record = f.record().map(FailoverSettings::absolute).orElse(null);
        List<RuleSpec> rules = f.rules().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> RuleSpec.from(e.getKey(), e.getValue())).toList();
        return new FailoverSettings(FailoverMode.parse(f.mode()), f.provider(), record,
                f.recordType(), f.ttl(), f.primaryTarget().orElse(null), f.drTarget().orElse(null), f.drDependency().orElse(null),
                f.cooldown(), f.forceOwnership(), f.recoveryObjective(), f.rpoObjective(), f.rpoWarn(), rules,
                f.failback().steps(), f.failback().hold(), config.metrics().window(), f.requestTtl(), f.verifyInterval(),
                config.dependencies().entrySet().stream().collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey,
                        e -> e.getValue().successThreshold())),
                config.dependencies().entrySet().stream().filter(e -> !e.getValue().shared().orElseGet(() -> !loopback(e.getValue().url())))
                        .map(java.util.Map.Entry::getKey).collect(java.util.stream.Collectors.toSet()),
                io.saasagent.region.RegionSettings.from(config.region(), record));
    }

    /** A copy in another mode (tests, and the multi-agent harness). */
    public FailoverSettings withMode(FailoverMode other) {
        return new FailoverSettings(other, provider, record, recordType, ttl, primaryTarget, drTarget, drDependency, cooldown,
                forceOwnership, recoveryObjective, rpoObjective, rpoWarn, rules, failbackSteps, failbackHold, metricsWindow,
                requestTtl, verifyInterval, successThresholds, podLocal, region);
    }

    /** The dependency's {@code success-threshold} (2 when it is not configured here). */
    public int successThreshold(String dependency) {
        return successThresholds.getOrDefault(dependency, 2);
    }

    /** Whether {@code dependency} is this pod's own (its alert rules page per pod), not one the fleet shares. */
    public boolean podLocal(String dependency) {
        return podLocal.contains(dependency);
    }

    /** A URL whose (first) host is this machine: the container beside the agent, not something the fleet shares. */
    static boolean loopback(String url) {
        try {
            String host = java.net.URI.create(url.split(",")[0].strip()).getHost();
            return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
        } catch (IllegalArgumentException e) {
            return false;
        }
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
