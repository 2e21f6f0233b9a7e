package io.saasagent.cluster.check;

import io.saasagent.state.DependencyStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one {@link CheckResult}: every finding may only make the status worse (healthy, degraded,
 * unhealthy), and each non-healthy finding adds its reason, so a stale AND suspended backup says both.
 */
final class Assessment {
    private final String objective;
    private final List<String> reasons = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private DependencyStatus status = DependencyStatus.HEALTHY;
    private Duration age;
    private Double successRatio;
    private Duration expiresIn;

    Assessment(String objective) {
        this.objective = objective;
    }

    Assessment degraded(String reason) {
        return worse(DependencyStatus.DEGRADED, reason);
    }

    Assessment unhealthy(String reason) {
        return worse(DependencyStatus.UNHEALTHY, reason);
    }

    /** Judges an age against a warning and a critical limit: over critical unhealthy, over warn degraded. */
    Assessment age(String what, Duration value, Objectives.Limits limits) {
        age = value;
        Duration warn = limits.warn();
        Duration critical = limits.critical();
        if (value.compareTo(critical) > 0) {
            unhealthy(what + " " + Durations.words(value) + " ago, over " + Durations.words(critical));
        } else if (value.compareTo(warn) > 0) {
            degraded(what + " " + Durations.words(value) + " ago, over " + Durations.words(warn));
        }
        return this;
    }

    /** Records the age without judging it (a Synced application may rightly not have synced for days). */
    Assessment measured(Duration value) {
        age = value;
        return this;
    }

    Assessment detail(String key, Object value) {
        details.put(key, value);
        return this;
    }

    Assessment successRatio(Double ratio) {
        successRatio = ratio;
        return this;
    }

    Assessment expiresIn(Duration left) {
        expiresIn = left;
        return this;
    }

    private Assessment worse(DependencyStatus to, String reason) {
        if (rank(to) > rank(status)) {
            status = to;
        }
        reasons.add(reason);
        return this;
    }

    private static int rank(DependencyStatus s) {
        return switch (s) {
            case HEALTHY -> 0;
            case DEGRADED -> 1;
            default -> 2;
        };
    }

    CheckResult result(Instant at) {
        return new CheckResult(status, age, objective, reasons.isEmpty() ? null : String.join("; ", reasons), successRatio,
                expiresIn, details, at);
    }
}
