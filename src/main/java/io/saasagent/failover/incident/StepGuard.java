package io.saasagent.failover.incident;

import io.saasagent.failover.record.FailoverState;
import io.saasagent.support.Failures;
import io.saasagent.support.Redactor;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs each engine step so that no fault in it stops the engine: a {@link Throwable} (an {@link Error} included:
 * a bug, a stack overflow, a linkage error) is caught, recorded ({@code StepFailed}) and paged, the state the
 * failed step left but the engine cannot advance from ({@code failing_over} outside a write) is repaired, and the
 * next step goes on. It also keeps when a step last completed, for liveness: an engine that has not completed a
 * step for {@link #STALLED_TICKS} ticks is stalled (blocked on a call, dead-locked), which restarts the pod.
 * Runs under the engine's lock; {@link #stalled} is read from anywhere without it.
 */
public final class StepGuard {
    private static final Logger LOG = Logger.getLogger("io.saasagent.failover.FailoverEngine");
    /** The engine's tick (FailoverService schedules one a second). */
    public static final Duration TICK = Duration.ofSeconds(1);
    public static final int STALLED_TICKS = 3;
    /**
     * How long one DNS provider call may run before the engine counts as stalled anyway: Route 53's INSYNC wait
     * (agent.failover.route53.insync-timeout, 5 min by default) plus the provider's bounded retries of the submit.
     */
    public static final Duration DNS_CALL_BOUND = Duration.ofMinutes(10);
    private static final String KIND = "step_failed";

    private final EngineContext e;
    private volatile Instant lastCompleted;
    /** When the DNS call under way started; null when none (set on the engine's thread, read by liveness). */
    private volatile Instant dnsCallSince;
    private String lastFailure;
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();

    public StepGuard(EngineContext engine) {
        this.e = engine;
        this.lastCompleted = engine.clock().instant();
    }

    public void run(Runnable step) {
        try {
            step.run();
            repairAdopted();
            lastCompleted = e.clock().instant();
            if (lastFailure != null) {
                lastFailure = null;
                e.journal().entry("StepRecovered", "the failover engine completes its steps again", Map.of());
                e.journal().resolveKind(KIND, "the failover engine completes its steps again");
            }
        } catch (Throwable t) { // an Error too: one broken step must not leave failing_over forever or end the thread
            failed(t);
        }
    }

    /**
     * A holder that finds {@code failing_over} after a step (adopted from a record a holder wrote in the middle of
     * a write): nothing advances it, so it goes back to fired, whose next try reads DNS first (the record already
     * moved is found there and not written again).
     */
    private void repairAdopted() {
        if (e.machine().state() != FailoverState.FAILING_OVER || !e.coordinator().holdsLease()) {
            return;
        }
        if (e.record().incident == null || !e.record().incident.open()) {
            e.incidents().open("adopted", true, "found failing_over with no open incident", null, java.util.List.of(), e.clock().instant());
        } else {
            e.machine().transition(FailoverState.FIRED, "repaired: failing_over outside a write");
        }
        e.journal().record("StateRepaired", "failing_over outside a write (adopted from the record): back to fired, DNS read before any write",
                Map.of("state", FailoverState.FAILING_OVER.id(), "repaired_to", FailoverState.FIRED.id()));
    }

    /**
     * Why liveness should fail: no step completed for {@link #STALLED_TICKS} ticks, unless the step is waiting on a
     * DNS call that has not yet run {@link #DNS_CALL_BOUND} (a failover write is work, not a stall); empty while it keeps up.
     */
    public Optional<String> stalled(Instant now) {
        Duration since = Duration.between(lastCompleted, now);
        if (since.compareTo(TICK.multipliedBy(STALLED_TICKS)) <= 0) {
            return Optional.empty();
        }
        Instant call = dnsCallSince;
        if (call != null && Duration.between(call, now).compareTo(DNS_CALL_BOUND) <= 0) {
            return Optional.empty();
        }
        return Optional.of("no failover step completed for " + since.toSeconds() + " s (last at " + lastCompleted + ")"
                + (call == null ? "" : "; a DNS call has run since " + call));
    }

    void dnsCallStarted() {
        dnsCallSince = e.clock().instant();
    }

    void dnsCallEnded() {
        dnsCallSince = null;
    }

    /** Steps that failed so far (saas_failover_step_failures_total). */
    public long failures() {
        return failures.get();
    }

    private void failed(Throwable t) {
        failures.incrementAndGet();
        String what = Redactor.redact(t.getClass().getSimpleName() + ": " + Failures.describe(t));
        LOG.errorf("failover step failed: %s", what);
        try {
            FailoverState before = e.machine().state();
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("error", what);
            evidence.put("state", before.id());
            if (before == FailoverState.FAILING_OVER) {
                // Only a write in progress is failing_over: back to fired, whose next try reads DNS first
                // (a write that landed is found there, not written twice).
                e.machine().transition(FailoverState.FIRED, "repaired after a failed step");
                evidence.put("repaired_to", FailoverState.FIRED.id());
            }
            if (!what.equals(lastFailure)) {
                e.journal().record("StepFailed", "a failover step failed and was skipped: " + what, evidence);
                e.journal().podPage(KIND, "critical", "failover engine step failed on " + e.coordinator().identity() + ": " + what, evidence);
            }
            lastFailure = what;
        } catch (Throwable again) {
            LOG.errorf("recording the failed step failed too: %s", Redactor.redact(Failures.describe(again)));
        }
    }
}
