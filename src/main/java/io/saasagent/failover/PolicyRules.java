package io.saasagent.failover;

import io.saasagent.probe.DependencyType;
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
 * starts firing (rising) or stops (falling). Not thread-safe: owned by one {@link FailoverEngine}.
 *
 * <p>Windows: error_rate and latency_p99 read the dependency's own window ({@code agent.metrics.window})
 * when the rule has no window or the same one. A rule with another window gets its own
 * {@link SlidingWindow} per dependency, fed with the same probe results (one sample per PROBED event),
 * so the rule's window is honoured exactly without changing the metrics.
 *
 * <p>consecutive_failures latches per dependency: it trips at {@code threshold} failures in a row and
 * clears only once the dependency is up again with no failure pending (its own success-threshold), so
 * a single success in the middle of an outage does not resolve and re-fire the rule.
 */
final class PolicyRules {
    private final List<RuleSpec> rules;
    private final String drDependency;
    private final Duration metricsWindow;
    private final Map<Duration, Map<String, SlidingWindow>> ownWindows = new HashMap<>();
    private final Map<String, Set<String>> tripped = new HashMap<>();
    private Map<String, RuleEvaluation> current = new LinkedHashMap<>();

    PolicyRules(List<RuleSpec> rules, String drDependency, Duration metricsWindow) {
        this.rules = List.copyOf(rules);
        this.drDependency = drDependency;
        this.metricsWindow = metricsWindow;
        rules.stream().filter(r -> r.signal().windowed() && ownWindow(r))
                .forEach(r -> ownWindows.put(r.window(), new HashMap<>()));
    }

    List<RuleSpec> rules() {
        return rules;
    }

    /** Feeds one probe result to the rules' own windows. */
    void observe(DependencySnapshot probed) {
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
    List<RuleEvaluation> evaluate(List<DependencySnapshot> snapshots, Instant now) {
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
    Map<String, RuleEvaluation> current() {
        return current;
    }

    /** Names of the dns_failover rules firing now. */
    List<String> firingFailoverRules() {
        return current.values().stream().filter(e -> e.firing() && e.rule().failover()).map(e -> e.rule().name()).toList();
    }

    /** The dependencies an empty list means: every critical one but the DR target, or every nats one. */
    List<DependencySnapshot> scope(RuleSpec rule, Map<String, DependencySnapshot> byName) {
        if (!rule.dependencies().isEmpty()) {
            return rule.dependencies().stream().map(byName::get).filter(Objects::nonNull).toList();
        }
        return byName.values().stream()
                .filter(s -> rule.signal().natsScoped() ? s.type() == DependencyType.NATS : primary(s))
                .toList();
    }

    /** A critical dependency of the primary region (the DR target's own probe is not one). */
    boolean primary(DependencySnapshot s) {
        return s.critical() && !s.name().equals(drDependency);
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
        };
    }

    private RuleEvaluation consecutiveFailures(RuleSpec rule, List<DependencySnapshot> scope) {
        Set<String> was = tripped.computeIfAbsent(rule.name(), n -> new HashSet<>());
        Set<String> now = new HashSet<>();
        for (DependencySnapshot s : scope) {
            boolean reached = s.consecutiveFailures() >= rule.threshold();
            boolean recovered = s.consecutiveFailures() == 0 && s.up();
            if (reached || (was.contains(s.name()) && !recovered)) {
                now.add(s.name());
            }
        }
        tripped.put(rule.name(), now);
        double worst = scope.stream().mapToInt(DependencySnapshot::consecutiveFailures).max().orElse(0);
        List<DependencySnapshot> involved = scope.stream().filter(s -> now.contains(s.name())).toList();
        if (involved.isEmpty()) {
            return RuleEvaluation.quiet(rule, worst, "no dependency has " + (int) rule.threshold() + " failures in a row");
        }
        String reason = involved.stream().map(s -> s.name() + ": " + s.consecutiveFailures() + " consecutive failures (threshold "
                + (int) rule.threshold() + ")" + (s.lastError() == null ? "" : ", last error: " + s.lastError()))
                .collect(Collectors.joining("; "));
        return firing(rule, involved, worst, reason);
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
