package io.saasagent.watchdog;

import io.saasagent.support.Failures;
import io.saasagent.probe.Probe;
import io.saasagent.probe.ProbeResult;
import io.saasagent.state.DependencyState;
import io.saasagent.support.Redactor;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One loop per dependency: on its own schedule, ask the breaker, run the probe on its own I/O
 * thread under a hard timeout, feed the result to the state. A hung dependency costs this loop one
 * timeout, never another dependency's loop and never an endpoint.
 */
final class ProbeLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ProbeLoop.class);

    private final DependencyState state;
    private final Probe probe;
    private final Duration interval;
    private final Duration timeout;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService io;
    private Future<ProbeResult> inFlight;
    private volatile long lastTickNanos = System.nanoTime();

    ProbeLoop(DependencyState state, Probe probe, Duration interval, Duration timeout, Clock clock) {
        this.state = state;
        this.probe = probe;
        this.interval = interval;
        this.timeout = timeout;
        this.clock = clock;
        String name = state.settings().name();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("probe-" + name));
        this.io = Executors.newSingleThreadExecutor(daemon("probe-" + name + "-io"));
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Alive when the loop has ticked recently enough; a dead loop means a stuck agent. */
    boolean alive() {
        long maxGap = interval.plus(timeout).multipliedBy(2).plusSeconds(5).toNanos();
        return !scheduler.isShutdown() && System.nanoTime() - lastTickNanos < maxGap;
    }

    String name() {
        return state.settings().name();
    }

    void tick() {
        lastTickNanos = System.nanoTime();
        try {
            if (!state.permitProbe()) {
                return; // circuit open: leave the dependency alone until the open duration is over
            }
            state.record(runProbe());
        } catch (RuntimeException e) {
            // Never let one bad tick end the schedule (scheduleWithFixedDelay stops on an exception).
            LOG.errorf("probe loop %s: %s", name(), Redactor.redact(Failures.describe(e)));
        }
    }

    private ProbeResult runProbe() {
        long start = System.nanoTime();
        if (inFlight != null && !inFlight.isDone()) {
            probe.reset();
            return ProbeResult.down(elapsed(start), "previous probe still hung after reset", Map.of(), clock.instant());
        }
        inFlight = io.submit(probe::check);
        try {
            return inFlight.get(hardTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            inFlight.cancel(true);
            probe.reset();
            return ProbeResult.down(elapsed(start), Failures.timeout(hardTimeout()), Map.of(), clock.instant());
        } catch (ExecutionException e) {
            return ProbeResult.down(elapsed(start), Failures.describe(e.getCause()), Map.of(), clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.down(elapsed(start), "interrupted", Map.of(), clock.instant());
        }
    }

    /**
     * The probe's own timeout plus a grace (a tenth, plus 50 ms): a probe bounds its connect and
     * each command by the timeout and then reports the precise reason (credentials refused, which
     * step timed out), which it could not if this net fired at the same instant. The net only catches
     * a probe that overran its own bounds.
     */
    private Duration hardTimeout() {
        return timeout.plus(timeout.dividedBy(10)).plusMillis(50);
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        io.shutdownNow();
        probe.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
