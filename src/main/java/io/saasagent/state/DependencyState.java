package io.saasagent.state;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine;
import io.github.resilience4j.core.IntervalFunction;
import io.saasagent.config.DependencyType;
import io.saasagent.probe.ProbeResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The state of one dependency: consecutive counts with thresholds, a circuit breaker, a sliding
 * window. Fed one probe result at a time; publishes a {@link DependencyEvent} for every result and
 * every transition.
 *
 * <p>The breaker is Resilience4j's state machine, fed with probe results. Its count-based window is
 * exactly {@code failure-threshold} long with a 100% failure-rate threshold, so it opens on the same
 * probe that turns the dependency unhealthy ({@code failure-threshold} failures in a row). While it
 * is open the loop skips probes; after the open duration (growing by the backoff multiplier with
 * each re-opening, up to the cap) one trial probe runs in half_open: success closes, failure re-opens.
 */
public final class DependencyState {

    /** Thresholds and breaker timings of one dependency. */
    public record Settings(String name, DependencyType type, boolean critical, int failureThreshold, int successThreshold,
                           Duration openDuration, double backoffMultiplier, Duration maxOpenDuration, Duration window,
                           boolean failover) {
        /** Settings whose failover flag is the critical flag. */
        public Settings(String name, DependencyType type, boolean critical, int failureThreshold, int successThreshold,
                        Duration openDuration, double backoffMultiplier, Duration maxOpenDuration, Duration window) {
            this(name, type, critical, failureThreshold, successThreshold, openDuration, backoffMultiplier, maxOpenDuration, window, critical);
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Consumer<DependencyEvent> sink;
    private final CircuitBreaker breaker;
    private final SlidingWindow window;
    private final RecentResults recent = new RecentResults();

    // Mutable state, guarded by this.
    private int consecutiveFailures;
    private int consecutiveSuccesses;
    /** Latched once failure-threshold is reached; cleared by success-threshold successes. */
    private boolean unhealthy;
    /** HEALTHY or DEGRADED as of the last success; null before any. */
    private DependencyStatus judged;
    private ProbeResult last;
    private Instant lastSuccess;
    private Instant lastFailure;
    private String lastError;
    private io.saasagent.probe.FailureClass failureClass;
    private Instant failingSince;
    private WindowStats stats = WindowStats.EMPTY;
    private long probes;

    private volatile DependencySnapshot snapshot;
    private volatile List<RecentResults.Mark> recentMarks = List.of();

    public DependencyState(Settings settings, Clock clock, Consumer<DependencyEvent> sink) {
        this.settings = settings;
        this.clock = clock;
        this.sink = sink;
        this.window = new SlidingWindow(settings.window());
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindow(settings.failureThreshold(), settings.failureThreshold(), CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100f)
                .permittedNumberOfCallsInHalfOpenState(1)
                .waitIntervalFunctionInOpenState(IntervalFunction.ofExponentialBackoff(
                        settings.openDuration(), settings.backoffMultiplier(), settings.maxOpenDuration()))
                .build();
        this.breaker = new CircuitBreakerStateMachine(settings.name(), config, clock);
        this.snapshot = build();
    }

    public Settings settings() {
        return settings;
    }

    public DependencySnapshot snapshot() {
        return snapshot;
    }

    /** The last {@link RecentResults#SIZE} results, oldest first (the /status page's bar). Never blocks. */
    public List<RecentResults.Mark> recent() {
        return recentMarks;
    }

    /**
     * Asks the breaker whether a probe may run now. False while open; after the open duration it
     * moves to half_open and lets one trial probe through.
     */
    public boolean permitProbe() {
        List<DependencyEvent> events;
        boolean permitted;
        synchronized (this) {
            DependencySnapshot before = snapshot;
            permitted = breaker.tryAcquirePermission();
            // Every tick, probed or not: while the circuit is open, old results still leave the window.
            stats = window.stats(clock.instant());
            events = publish(before, false);
        }
        events.forEach(sink);
        return permitted;
    }

    /** Records one probe result (the caller had {@link #permitProbe()}). */
    public void record(ProbeResult result) {
        List<DependencyEvent> events;
        synchronized (this) {
            DependencySnapshot before = snapshot;
            last = result;
            probes++;
            if (result.success()) {
                consecutiveSuccesses++;
                consecutiveFailures = 0;
                lastSuccess = result.at();
                failingSince = null;
                judged = result.outcome() == ProbeResult.Outcome.DEGRADED ? DependencyStatus.DEGRADED : DependencyStatus.HEALTHY;
                if (consecutiveSuccesses >= settings.successThreshold()) {
                    unhealthy = false;
                }
                if (!unhealthy) {
                    failureClass = null; // a success while latched down keeps the class of what put it there
                }
                breaker.onSuccess(result.latency().toNanos(), TimeUnit.NANOSECONDS);
            } else {
                consecutiveFailures++;
                consecutiveSuccesses = 0;
                lastFailure = result.at();
                lastError = result.error();
                failureClass = result.failureClass();
                if (failingSince == null) {
                    failingSince = result.at();
                }
                if (consecutiveFailures >= settings.failureThreshold()) {
                    unhealthy = true;
                }
                breaker.onError(result.latency().toNanos(), TimeUnit.NANOSECONDS, new ProbeFailed(result.error()));
            }
            stats = window.add(result.at(), result.success(), result.latency());
            recentMarks = recent.add(result);
            events = publish(before, true);
        }
        events.forEach(sink);
    }

    /** An operator's reset: the breaker closes and its window starts afresh. */
    public void resetCircuit() {
        List<DependencyEvent> events;
        synchronized (this) {
            DependencySnapshot before = snapshot;
            breaker.reset();
            events = publish(before, false);
        }
        events.forEach(sink);
    }

    private List<DependencyEvent> publish(DependencySnapshot before, boolean probed) {
        DependencySnapshot after = build();
        snapshot = after;
        List<DependencyEvent> events = new ArrayList<>(3);
        if (before.circuit() != after.circuit()) {
            events.add(new DependencyEvent(DependencyEvent.Kind.CIRCUIT_CHANGED, before, after));
        }
        if (before.status() != after.status()) {
            events.add(new DependencyEvent(DependencyEvent.Kind.STATUS_CHANGED, before, after));
        }
        if (probed) {
            events.add(new DependencyEvent(DependencyEvent.Kind.PROBED, before, after));
        }
        return events;
    }

    private DependencySnapshot build() {
        CircuitState circuit = circuitState();
        return new DependencySnapshot(settings.name(), settings.type(), settings.critical(), status(circuit), circuit,
                consecutiveFailures, consecutiveSuccesses, last == null ? null : last.latency(),
                lastSuccess, lastFailure, lastError, failingSince,
                last == null ? Map.of() : last.details(), stats, probes, settings.failover(),
                failureClass);
    }

    private DependencyStatus status(CircuitState circuit) {
        if (circuit == CircuitState.OPEN) {
            return DependencyStatus.CIRCUIT_OPEN;
        }
        if (unhealthy) {
            return DependencyStatus.UNHEALTHY;
        }
        // A failure below the threshold changes nothing: the status judged at the last success stands.
        return judged == null ? DependencyStatus.UNKNOWN : judged;
    }

    private CircuitState circuitState() {
        return switch (breaker.getState()) {
            case OPEN, FORCED_OPEN -> CircuitState.OPEN;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
            default -> CircuitState.CLOSED;
        };
    }

    /** What the breaker records for a failed probe; no stack trace is ever filled or logged. */
    private static final class ProbeFailed extends RuntimeException {
        ProbeFailed(String reason) {
            super(reason, null, false, false);
        }
    }
}
