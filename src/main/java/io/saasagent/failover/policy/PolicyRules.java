package io.saasagent.failover.policy;

import io.saasagent.config.DependencyType;
import io.saasagent.state.DependencySnapshot;
import io.saasagent.state.SlidingWindow;
import io.saasagent.state.WindowStats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Evaluates the configured rules against the dependency snapshots and reports edges: a rule that
 * starts firing (rising) or stops (falling). Not thread-safe: owned by one failover engine.
 *
 * <p>Windows: error_rate and latency_p99 read the dependency's own window ({@code agent.metrics.window})
 * when the rule has no window or the same one. A rule with another window gets its own
 * {@link SlidingWindow} per dependency, fed with the same probe results (one sample per PROBED event),
 * so the rule's window is honoured exactly without changing the metrics.
 *
 * <p>consecutive_failures has no counter of its own: it is the dependency's status (unhealthy or
 * circuit_open after its own failure-threshold, latched until its success-threshold), so the rule fires
 * on the same probe that changes the status and /health/saas never says healthy while it fires. Only an
 * outage counts: a dependency that rejects our credentials raises the rejected signal instead.
 *
 * <p>Scope: a dns_failover rule only ever sees dependencies that feed failover and are down from an
 * outage, whatever its dependency list says.
 */
public final class PolicyRules {
    private final List<RuleSpec> rules;
    private final String drDependency;
    /** The standby's probe of the primary region's endpoint: never one of this region's own (null when none). */
    private final String regionPrimary;
    private final Duration metricsWindow;
    private final Map<Duration, Map<String, SlidingWindow>> ownWindows = new HashMap<>();
    private Map<String, RuleEvaluation> current = new LinkedHashMap<>();

    public PolicyRules(List<RuleSpec> rules, String drDependency, Duration metricsWindow) {
        this(rules, drDependency, metricsWindow, null);
    }

    /** @param regionPrimary the standby's probe of the primary's endpoint ({@code agent.region.primary-dependency}) */
    public PolicyRules(List<RuleSpec> rules, String drDependency, Duration metricsWindow, String regionPrimary) {
        this.rules = List.copyOf(rules);
        this.drDependency = drDependency;
        this.regionPrimary = regionPrimary;
        this.metricsWindow = metricsWindow;
        rules.stream().filter(r -> r.signal().windowed() && ownWindow(r))
                .forEach(r -> ownWindows.put(r.window(), new HashMap<>()));
    }

    List<RuleSpec> rules() {
        return rules;
    }

    /** Feeds one probe result to the rules' own windows. */
    public void observe(DependencySnapshot probed) {
        if (ownWindows.isEmpty() || probed.latency() == null) {
            return;
        }
        boolean success = probed.consecutiveFailures() == 0;
        Instant at = success ? probed.lastSuccess() : probed.lastFailure();
        if (at == null) {
            return;
        }
        ownWindows.forEach((length, byDependency) ->
                byDependency.computeIfAbsent(probed.name(), n -> new SlidingWindow(length)).add(at, success, probed.latency()));
    }

    /** Evaluates every enabled rule; returns the evaluations whose firing flag changed. */
    public List<RuleEvaluation> evaluate(List<DependencySnapshot> snapshots, Instant now) {
        Map<String, DependencySnapshot> byName = snapshots.stream()
                .collect(Collectors.toMap(DependencySnapshot::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        Map<String, RuleEvaluation> next = new LinkedHashMap<>();
        List<RuleEvaluation> edges = new ArrayList<>();
        for (RuleSpec rule : rules) {
            if (!rule.enabled()) {
                continue;
            }
            RuleEvaluation e = evaluate(rule, scope(rule, byName), now);
            next.put(rule.name(), e);
            RuleEvaluation before = current.get(rule.name());
            if ((before != null && before.firing()) != e.firing()) {
                edges.add(e);
            }
        }
        current = next;
        return edges;
    }

    /** The last evaluation of every enabled rule, in configuration order. */
    public Map<String, RuleEvaluation> current() {
        return current;
    }

    /** Names of the dns_failover rules firing now. */
    public List<String> firingFailoverRules() {
        return current.values().stream().filter(e -> e.firing() && e.rule().failover()).map(e -> e.rule().name()).toList();
    }

    /** Whether an enabled dns_failover rule looks at {@code dependency}: what the fleet's view may open an incident for. */
    public boolean failoverWatches(String dependency, List<DependencySnapshot> snapshots) {
        Map<String, DependencySnapshot> byName = snapshots.stream()
                .collect(Collectors.toMap(DependencySnapshot::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        return rules.stream().filter(r -> r.enabled() && r.failover())
                .anyMatch(r -> scope(r, byName).stream().anyMatch(s -> s.name().equals(dependency)));
    }

    /**
     * The dependencies a rule looks at. An empty list means: every nats one (nats signals), every one
     * (rejected), every one that feeds failover (dns_failover rules), else every critical one; the DR
     * target's own probe never. A dns_failover rule never sees a dependency whose failover key is false.
     */
    List<DependencySnapshot> scope(RuleSpec rule, Map<String, DependencySnapshot> byName) {
        List<DependencySnapshot> named = rule.dependencies().isEmpty()
                ? byName.values().stream().filter(s -> !s.name().equals(drDependency) && !s.name().equals(regionPrimary)
                        && byDefault(rule, s)).toList()
                : rule.dependencies().stream().map(byName::get).filter(Objects::nonNull).toList();
        return rule.failover() ? named.stream().filter(this::primary).toList() : named;
    }

    private static boolean byDefault(RuleSpec rule, DependencySnapshot s) {
        if (rule.signal().natsScoped()) {
            return s.type() == DependencyType.NATS;
        }
        if (rule.signal() == RuleSpec.Signal.REJECTED) {
            return true;
        }
        return rule.failover() ? s.failover() : s.critical();
    }

    /**
     * A dependency of the primary region that may move it: the DR target's own probe is not one, nor a standby's
     * probe of the other region's endpoint (that one counts only towards the region take-over's quorum).
     */
    public boolean primary(DependencySnapshot s) {
        return s.failover() && !s.name().equals(drDependency) && !s.name().equals(regionPrimary);
    }

    private boolean ownWindow(RuleSpec rule) {
        return rule.window() != null && !rule.window().equals(metricsWindow);
    }

    private RuleEvaluation evaluate(RuleSpec rule, List<DependencySnapshot> scope, Instant now) {
        return switch (rule.signal()) {
            case CONSECUTIVE_FAILURES -> consecutiveFailures(rule, scope);
            case ERROR_RATE -> windowed(rule, scope, now, w -> w.errorRate(),
                    (s, w) -> String.format("%s: error rate %.0f%% over %s (%d of %d probes failed)", s.name(),
                            w.errorRate() * 100, windowOf(rule), w.failures(), w.samples()));
            case LATENCY_P99 -> windowed(rule, scope, now, w -> w.p99().toNanos() / 1e9,
                    (s, w) -> String.format("%s: p99 latency %.3f s over %s (%d probes)", s.name(),
                            w.p99().toNanos() / 1e9, windowOf(rule), w.samples()));
            case ALL_UNREACHABLE -> allUnreachable(rule, scope);
            case MIRROR_LAG -> mirrorLag(rule, scope);
            case REJECTED -> rejected(rule, scope);
        };
    }

    private RuleEvaluation consecutiveFailures(RuleSpec rule, List<DependencySnapshot> scope) {
        double worst = scope.stream().mapToInt(DependencySnapshot::consecutiveFailures).max().orElse(0);
        List<DependencySnapshot> involved = scope.stream().filter(DependencySnapshot::outage).toList();
        if (involved.isEmpty()) {
            return RuleEvaluation.quiet(rule, worst, "no dependency down from an outage");
        }
        String reason = involved.stream().map(s -> s.name() + ": " + s.status().id() + " after " + s.consecutiveFailures()
                + " consecutive failures" + (s.lastError() == null ? "" : ", last error: " + s.lastError()))
                .collect(Collectors.joining("; "));
        return firing(rule, involved, worst, reason);
    }

    /** Down because the dependency refuses us: the alert names what to rotate. */
    private RuleEvaluation rejected(RuleSpec rule, List<DependencySnapshot> scope) {
        List<DependencySnapshot> involved = scope.stream().filter(DependencySnapshot::rejected).toList();
        if (involved.isEmpty()) {
            return RuleEvaluation.quiet(rule, 0, "no dependency rejects the agent");
        }
        String reason = involved.stream().map(s -> s.name() + " rejects the agent (" + s.lastError() + "): " + remedy(s))
                .collect(Collectors.joining("; "));
        return firing(rule, involved, involved.size(), reason);
    }

    /** What an operator changes: the runbook's answer to a 401 is "update the secret", never DR. */
    private static String remedy(DependencySnapshot s) {
        String key = "agent.dependencies." + s.name() + ".";
        String error = s.lastError() == null ? "" : s.lastError().toLowerCase(java.util.Locale.ROOT);
        if (error.contains("certificate") || error.contains("pkix") || error.contains("subject alternative")) {
            return "fix the server certificate or " + key + "tls-ca-file";
        }
        if (s.type() == DependencyType.OPENMETER) {
            return "rotate the API key (" + key + "api-key-file)";
        }
        return error.contains("http 4") || error.contains("status 4")
                ? "check the request and the credentials (" + key + "username / password-file)"
                : "rotate the credentials (" + key + "password-file, or the URL's user)";
    }

    private interface Describe {
        String of(DependencySnapshot s, WindowStats w);
    }

    private RuleEvaluation windowed(RuleSpec rule, List<DependencySnapshot> scope, Instant now,
                                    Function<WindowStats, Double> measure, Describe describe) {
        List<DependencySnapshot> involved = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        double worst = 0;
        for (DependencySnapshot s : scope) {
            WindowStats w = stats(rule, s, now);
            if (w.samples() < rule.minSamples()) {
                continue;
            }
            double value = measure.apply(w);
            worst = Math.max(worst, value);
            if (value > rule.threshold()) {
                involved.add(s);
                reasons.add(describe.of(s, w));
            }
        }
        if (involved.isEmpty()) {
            return RuleEvaluation.quiet(rule, worst, "within threshold " + rule.threshold());
        }
        return firing(rule, involved, worst, String.join("; ", reasons) + " (threshold " + rule.threshold() + ")");
    }

    private WindowStats stats(RuleSpec rule, DependencySnapshot s, Instant now) {
        if (!ownWindow(rule)) {
            return s.window();
        }
        SlidingWindow w = ownWindows.get(rule.window()).get(s.name());
        return w == null ? WindowStats.EMPTY : w.stats(now);
    }

    private String windowOf(RuleSpec rule) {
        Duration d = ownWindow(rule) ? rule.window() : metricsWindow;
        return d.toString().substring(2).toLowerCase();
    }

    private RuleEvaluation allUnreachable(RuleSpec rule, List<DependencySnapshot> scope) {
        List<DependencySnapshot> down = scope.stream().filter(DependencySnapshot::down).toList();
        double fraction = scope.isEmpty() ? 0 : (double) down.size() / scope.size();
        if (scope.isEmpty() || down.isEmpty() || fraction < rule.threshold()) {
            return RuleEvaluation.quiet(rule, fraction, down.size() + " of " + scope.size() + " nats dependencies down");
        }
        String reason = down.size() + " of " + scope.size() + " nats dependencies unreachable: "
                + down.stream().map(s -> s.name() + (s.lastError() == null ? "" : " (" + s.lastError() + ")")).collect(Collectors.joining(", "));
        return firing(rule, down, fraction, reason);
    }

    private RuleEvaluation mirrorLag(RuleSpec rule, List<DependencySnapshot> scope) {
        List<DependencySnapshot> involved = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        double worst = 0;
        for (DependencySnapshot s : scope) {
            boolean over = false;
            for (Map.Entry<String, Double> lag : MirrorLags.of(s).entrySet()) {
                worst = Math.max(worst, lag.getValue());
                if (lag.getValue() > rule.threshold()) {
                    over = true;
                    reasons.add(String.format("%s/%s: mirror lag %.0f s", s.name(), lag.getKey(), lag.getValue()));
                }
            }
            if (over) {
                involved.add(s);
            }
        }
        if (involved.isEmpty()) {
            return RuleEvaluation.quiet(rule, worst, "every mirror within " + (long) rule.threshold() + " s");
        }
        return firing(rule, involved, worst, String.join("; ", reasons) + " (threshold " + (long) rule.threshold() + " s)");
    }

    private static RuleEvaluation firing(RuleSpec rule, List<DependencySnapshot> involved, double value, String reason) {
        Instant first = involved.stream().map(DependencySnapshot::failingSince).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        return new RuleEvaluation(rule, true, involved.stream().map(DependencySnapshot::name).toList(), value, reason, first);
    }
}
